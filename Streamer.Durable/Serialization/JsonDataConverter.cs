using System.Text.Json;

namespace Streamer.Durable.Serialization;

/// <summary>The default converter: System.Text.Json with web defaults (camelCase, case-insensitive reads).</summary>
public sealed class JsonDataConverter : DataConverter
{
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a converter with the given options, or web defaults.</summary>
    public JsonDataConverter(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>A shared instance with web defaults.</summary>
    public static JsonDataConverter Default { get; } = new();

    /// <inheritdoc />
    public override string? Serialize(object? value)
        => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options);

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type targetType)
    {
        if (data is null)
        {
            return targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null
                ? Activator.CreateInstance(targetType)
                : null;
        }

        return JsonSerializer.Deserialize(data, targetType, _options);
    }
}
