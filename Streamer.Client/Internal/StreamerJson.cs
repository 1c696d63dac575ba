using System.Text.Json;

namespace Streamer.Client;

/// <summary>The API's JSON: camelCase, read case-insensitively.</summary>
internal static class StreamerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
