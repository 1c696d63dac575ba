using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streamer.Api.Realtime;

/// <summary>
/// Azure SignalR Service access tokens: HS256 JWTs signed with the connection string's AccessKey whose
/// <c>aud</c> is the exact URL being called (the client URL for clients, the REST URL for the server).
/// </summary>
internal static class AzureSignalRTokens
{
    /// <summary>
    /// The claim the service takes a client connection's user id from, so that <c>/users/{id}</c> reaches it.
    /// JsonWebTokenHandler writes claim types as given (it has no outbound short-name map), so the short JWT
    /// name must be used here; <see cref="ClaimTypes.NameIdentifier"/> would be written as its long URI.
    /// </summary>
    public const string UserIdClaim = "nameid";

    /// <summary>
    /// Asks the service to close the client's connection when its authentication expires (<see cref="AuthExpiresOnClaim"/>),
    /// in a way that lets the client reconnect: what <c>CloseOnAuthenticationExpiration</c> does on the in-host hub. These
    /// are the claims the Azure SignalR SDK's negotiate writes for that option.
    /// </summary>
    public const string CloseOnAuthExpirationClaim = "asrs.s.coae";

    /// <summary>When the client's authentication expires, in Unix seconds.</summary>
    public const string AuthExpiresOnClaim = "asrs.s.aeo";

    /// <summary>A token for a call to <paramref name="audience"/> that lasts <paramref name="lifetime"/> from <paramref name="now"/>.</summary>
    public static string Create(AzureSignalROptions options, Uri audience, TimeSpan lifetime, DateTimeOffset now)
        => Create(options, audience, now, now + lifetime, []);

    /// <summary>
    /// A client token for <paramref name="userId"/> at <paramref name="clientUrl"/> that is valid until
    /// <paramref name="expires"/>, and asks the service to close the connection then.
    /// </summary>
    public static string CreateClient(AzureSignalROptions options, Uri clientUrl, string userId, DateTimeOffset now, DateTimeOffset expires)
        => Create(options, clientUrl, now, expires,
        [
            new Claim(UserIdClaim, userId),
            new Claim(CloseOnAuthExpirationClaim, "true"),
            new Claim(AuthExpiresOnClaim, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ]);

    private static string Create(AzureSignalROptions options, Uri audience, DateTimeOffset now, DateTimeOffset expires, Claim[] claims)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Audience = audience.AbsoluteUri,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.AccessKey)), SecurityAlgorithms.HmacSha256),
        };
        if (claims.Length > 0)
        {
            descriptor.Subject = new ClaimsIdentity(claims);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
