namespace Streamer.Durable.Serialization;

/// <summary>Turns inputs, outputs, event data and custom status into the strings stored in history.</summary>
public abstract class DataConverter
{
    /// <summary>Serializes <paramref name="value"/>; null stays null.</summary>
    public abstract string? Serialize(object? value);

    /// <summary>Reads <paramref name="data"/> as <paramref name="targetType"/>; null reads as the type's default.</summary>
    public abstract object? Deserialize(string? data, Type targetType);

    /// <summary>Reads <paramref name="data"/> as <typeparamref name="T"/>.</summary>
    public T? Deserialize<T>(string? data) => (T?)Deserialize(data, typeof(T));
}
