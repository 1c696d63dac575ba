using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Streamer.Api.Auth;

/// <summary>
/// The system key as the Functions host takes it: in the <c>x-functions-key</c> header or the <c>code</c> query
/// parameter. The management API requires it; readiness shows its details only to a caller who presents it.
/// </summary>
public static class SystemKeys
{
    /// <summary>The query parameter that carries the key.</summary>
    public const string QueryParameter = "code";

    /// <summary>The header that carries the key.</summary>
    public const string HeaderName = "x-functions-key";

    /// <summary>The key the request presents, or null when it presents none.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FirstNonEmpty(request.Headers[HeaderName]) ?? FirstNonEmpty(request.Query[QueryParameter]);
    }

    /// <summary>Whether the request presents <paramref name="configured"/>; never true when no key is configured.</summary>
    public static bool IsPresented(HttpRequest request, string? configured)
        => !string.IsNullOrEmpty(configured) && Presented(request) is { } presented && Matches(presented, configured);

    /// <summary>
    /// Compares hashes in constant time: comparing the keys themselves would reveal, through timing, how long
    /// the configured key is and how much of a guess is right.
    /// </summary>
    public static bool Matches(string presented, string configured)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    private static string? FirstNonEmpty(StringValues values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
