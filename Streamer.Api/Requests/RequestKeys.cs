using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>The request id rule, and ids derived from a request: its orchestration instance id and the hash that makes retries idempotent.</summary>
internal static class RequestKeys
{
    /// <summary>The longest client-chosen request id.</summary>
    public const int MaxRequestIdLength = 128;

    /// <summary>The id rule as clients are told it (DESIGN §4.1).</summary>
    public const string RequestIdRule = "must be 1–128 characters of letters (A–Z, a–z), digits, '-', '_', '.' and ':' (the whole string: no spaces, slashes, newlines or other characters), and not '.' or '..'";

    /// <summary>
    /// Whether a client-chosen id is acceptable: 1–128 ASCII letters, digits, '-', '_', '.' or ':', checked over the whole
    /// string (a regex's <c>$</c> would let a trailing newline through), and never <c>.</c> or <c>..</c>, which a URL path
    /// resolves away. Such an id stands unchanged in a URL path segment and in an Azure Table key.
    /// </summary>
    public static bool IsValidRequestId(string? id)
    {
        if (id is null || id.Length is 0 or > MaxRequestIdLength || id is "." or "..")
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

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
}
