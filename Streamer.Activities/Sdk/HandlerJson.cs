using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Activities.Sdk;

/// <summary>
/// How handlers read payloads and write chunks and outputs: snake_case names (as the seed's payloads),
/// enums as snake_case strings, unknown fields and missing required ones rejected, so that every
/// mistake in a payload becomes a validation error naming the field.
/// </summary>
public static class HandlerJson
{
    /// <summary>The serializer options for payloads, chunks, chunk results and outputs.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Serializes <paramref name="value"/> to a detached <see cref="JsonElement"/>.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>Reads <paramref name="element"/> as <typeparamref name="T"/>; throws <see cref="JsonException"/> when it does not fit.</summary>
    public static T FromElement<T>(JsonElement element)
        => element.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}
