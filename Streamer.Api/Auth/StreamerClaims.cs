using System.Security.Claims;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Auth;

/// <summary>
/// The claims Streamer reads from a token: the user (<c>sub</c>), the tenant (<c>tid</c>) and permissions
/// (<c>permissions</c>, one claim per value). Starting an action needs <c>actions:*</c> or <c>actions:{name}</c>.
/// </summary>
public static class StreamerClaims
{
    /// <summary>The user id claim.</summary>
    public const string Subject = "sub";

    /// <summary>The tenant id claim.</summary>
    public const string Tenant = "tid";

    /// <summary>The permission claim.</summary>
    public const string Permission = "permissions";

    /// <summary>What a token must say of its owner, for messages.</summary>
    public const string OwnerRule = $"The token must carry a user ('{Subject}') and a tenant ('{Tenant}'), each {RequestOwner.IdRule}.";

    /// <summary>The permission that allows every action.</summary>
    public const string AllActions = "actions:*";

    /// <summary>
    /// The caller as a request owner, or null when the token lacks a user or tenant, or either is not a valid id
    /// (<see cref="RequestOwner.IsValidId"/>): an id with a control character could be read as another owner's.
    /// </summary>
    public static RequestOwner? GetOwner(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = principal.FindFirst(Subject)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var tenant = principal.FindFirst(Tenant)?.Value;
        return RequestOwner.IsValidId(user) && RequestOwner.IsValidId(tenant) ? new RequestOwner(tenant!, user!) : null;
    }

    /// <summary>Whether the caller may start <paramref name="action"/>.</summary>
    public static bool MayStart(this ClaimsPrincipal principal, string action)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindAll(Permission).Any(c => c.Value == AllActions || c.Value == "actions:" + action);
    }
}
