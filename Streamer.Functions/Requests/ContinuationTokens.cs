using System.Buffers.Text;
using System.Text;

namespace Streamer.Functions.Requests;

/// <summary>Wraps the table's continuation token so clients treat it as opaque and cannot send broken ones through.</summary>
internal static class ContinuationTokens
{
    private const string Prefix = "v1|";

    public static string? Encode(string? token) => token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + token));

    public static string? Decode(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
            return text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length ? text[Prefix.Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
