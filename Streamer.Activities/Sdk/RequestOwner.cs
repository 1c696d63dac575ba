using System.Security.Cryptography;
using System.Text;

namespace Streamer.Activities.Sdk;

/// <summary>Who a request belongs to: a user within a tenant. Only the owner may see or change it.</summary>
/// <param name="TenantId">The tenant (organisation) the user acts for.</param>
/// <param name="UserId">The user's stable id (the token's subject).</param>
public sealed record RequestOwner(string TenantId, string UserId)
{
    /// <summary>
    /// A storage-safe key for this owner (43 URL-safe characters). Tenant and user ids may hold any
    /// characters, including those Azure Table keys forbid, so they are hashed rather than escaped.
    /// </summary>
    public string Key { get; } = Hash(TenantId + "\n" + UserId);

    /// <summary>The SignalR user id messages for this owner are sent to.</summary>
    public string SignalRUserId => TenantId + "/" + UserId;

    internal static string Hash(string value)
        => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
