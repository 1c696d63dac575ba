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

    public static string Create(AzureSignalROptions options, Uri audience, TimeSpan lifetime, DateTimeOffset now, string? userId = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Audience = audience.AbsoluteUri,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.AccessKey)), SecurityAlgorithms.HmacSha256),
        };
        if (userId is not null)
        {
            descriptor.Subject = new ClaimsIdentity([new Claim(UserIdClaim, userId)]);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
