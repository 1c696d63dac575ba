using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Streamer.Bench.Common;

/// <summary>
/// HS256 tokens the host accepts (the claims of Streamer.Api's DevTokenIssuer: <c>sub</c>, <c>tid</c>,
/// <c>permissions</c>, issuer <c>streamer-dev</c>, audience <c>streamer</c>), minted here so that the client process
/// mints 10,000 of them without loading the host's assemblies.
/// </summary>
public static class BenchTokens
{
    /// <summary>The tenant every benchmark user belongs to.</summary>
    public const string Tenant = "bench";

    private static readonly string[] AllActions = ["actions:*"];

    /// <summary>A token for <paramref name="user"/> that may start every action, valid for two hours.</summary>
    public static string Issue(string signingKey, string user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = user,
            ["tid"] = Tenant,
            ["permissions"] = AllActions,
            ["iss"] = "streamer-dev",
            ["aud"] = "streamer",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 7200,
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
