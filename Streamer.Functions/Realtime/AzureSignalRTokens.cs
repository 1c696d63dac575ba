using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streamer.Functions.Realtime;

/// <summary>
/// Azure SignalR Service access tokens: HS256 JWTs signed with the connection string's AccessKey whose
/// <c>aud</c> is the exact URL being called (the client URL for clients, the REST URL for the server).
/// </summary>
internal static class AzureSignalRTokens
{
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
            descriptor.Subject = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)]);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
