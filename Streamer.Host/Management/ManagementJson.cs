using System.Text.Json;
using System.Text.Json.Nodes;

namespace Streamer.Host.Management;

/// <summary>Turns stored payloads (serialized JSON) back into JSON values for the responses.</summary>
internal static class ManagementJson
{
    /// <summary>The payload as JSON; text that is not JSON (e.g. a terminate reason from another client) is returned as a string, as Durable does.</summary>
    public static JsonNode? Parse(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }
}
