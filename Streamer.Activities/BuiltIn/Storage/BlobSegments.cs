using System.Security.Cryptography;
using System.Text;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>Turns client-chosen ids into blob name segments that cannot escape their folder.</summary>
internal static class BlobSegments
{
    /// <summary>
    /// The request id itself when it starts with a letter or digit (the common case, and readable in Storage
    /// Explorer); otherwise a hash. Request ids may be "." or "..", which URI normalisation would turn into a path
    /// that leaves the owner's folder.
    /// </summary>
    public static string ForRequest(string requestId)
        => requestId.Length > 0 && char.IsAsciiLetterOrDigit(requestId[0])
            ? requestId
            : "r-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)))[..32];
}
