using System.Security.Cryptography;
using System.Text;

namespace Streamer.Activities.Sdk;

/// <summary>Who a request belongs to: a user within a tenant. Only the owner may see or change it.</summary>
/// <param name="TenantId">The tenant (organisation) the user acts for.</param>
/// <param name="UserId">The user's stable id (the token's subject).</param>
public sealed record RequestOwner(string TenantId, string UserId)
{
    /// <summary>The longest tenant or user id accepted.</summary>
    public const int MaxIdLength = 256;

    /// <summary>What <see cref="IsValidId"/> accepts, for messages.</summary>
    public const string IdRule = "1–256 characters, none of them a control character";

    /// <summary>
    /// A storage-safe key for this owner (43 URL-safe characters). Tenant and user ids may hold any characters but
    /// control characters (<see cref="IsValidId"/>), including those Azure Table keys forbid, so they are hashed rather
    /// than escaped. The two are joined with a line feed, which neither may contain, so no other pair of ids has this key.
    /// </summary>
    public string Key { get; } = Hash(TenantId + "\n" + UserId);

    /// <summary>
    /// The SignalR user id messages for this owner are sent to: <see cref="Key"/>, unique per owner like it, and opaque, so
    /// that no separator in an id can make two owners one and no id reaches Azure SignalR Service as it is.
    /// </summary>
    public string SignalRUserId => Key;

    /// <summary>
    /// Whether <paramref name="id"/> can be a tenant or user id: 1–<see cref="MaxIdLength"/> characters, no control
    /// character (the separator of <see cref="Key"/> is one) and no unpaired surrogate (it has no UTF-8 form to hash).
    /// </summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c) || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= id.Length || !char.IsLowSurrogate(id[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    internal static string Hash(string value)
        => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
