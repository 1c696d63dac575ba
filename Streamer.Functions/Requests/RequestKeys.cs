using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streamer.Activities.Sdk;

namespace Streamer.Functions.Requests;

/// <summary>Ids derived from a request: its orchestration instance id and the hash that makes retries idempotent.</summary>
internal static partial class RequestKeys
{
    /// <summary>The longest client-chosen request id.</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>Whether a client-chosen id is acceptable: 1–128 letters, digits, '.', '_', ':' or '-'.</summary>
    public static bool IsValidRequestId(string id) => RequestIdPattern().IsMatch(id);

    /// <summary>
    /// The instance id of a request's orchestration. Request ids are chosen by clients and only unique per
    /// owner, so the instance id hashes owner and id together: two users may both use "report-1".
    /// </summary>
    public static string InstanceId(RequestOwner owner, string requestId)
        => "req-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner.Key + "\n" + requestId)))[..32];

    /// <summary>A hash of what was asked for; whitespace and formatting do not change it, property order does.</summary>
    public static string BodyHash(string action, JsonElement payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(action);
            payload.WriteTo(writer);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex RequestIdPattern();
}
