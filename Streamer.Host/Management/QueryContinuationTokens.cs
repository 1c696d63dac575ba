using System.Buffers.Text;
using System.Text;

namespace Streamer.Host.Management;

/// <summary>
/// Wraps the task hub's continuation token so a token this API did not issue is refused with 400: the Azure Storage
/// provider otherwise accepts any text and silently answers with an empty page.
/// </summary>
internal static class QueryContinuationTokens
{
    private const string Prefix = "dt1|";

    public static string Encode(string token) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + token));

    public static bool TryDecode(string encoded, out string token)
    {
        token = string.Empty;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length == Prefix.Length)
        {
            return false;
        }

        token = text[Prefix.Length..];
        return true;
    }
}
