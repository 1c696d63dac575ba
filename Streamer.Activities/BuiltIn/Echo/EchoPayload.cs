using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamer.Activities.BuiltIn.Echo;

/// <summary>Any JSON object: echo returns it as it came.</summary>
public sealed class EchoPayload
{
    /// <summary>Every field of the payload.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; init; } = [];
}
