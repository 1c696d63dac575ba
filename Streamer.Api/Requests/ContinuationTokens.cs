using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>
/// Wraps the table's continuation token so clients treat it as opaque and cannot send broken ones through. The
/// token is tied to the owner it was issued to: the table would otherwise accept any text (or another user's
/// token) and silently answer with an empty or wrong page instead of an error.
/// </summary>
internal static class ContinuationTokens
{
    private const string Prefix = "v2|";

    public static string? Encode(string? token, RequestOwner owner)
        => token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + OwnerTag(owner) + "|" + token));

    public static string? Decode(string encoded, RequestOwner owner)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return null;
        }

        var expected = Prefix + OwnerTag(owner) + "|";
        return text.StartsWith(expected, StringComparison.Ordinal) && text.Length > expected.Length ? text[expected.Length..] : null;
    }

    private static string OwnerTag(RequestOwner owner)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner.Key)))[..16];
}
