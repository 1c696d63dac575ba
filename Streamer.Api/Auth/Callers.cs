using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;

namespace Streamer.Api.Auth;

/// <summary>
/// Who is calling, for every API handler on both hosts. The ASP.NET Core host's authentication middleware has already
/// validated the bearer token; on the Functions host nothing has, so the handler runs the same JWT bearer scheme itself
/// (the options of <see cref="AuthenticationSetup"/>) and, when it fails, the scheme's own challenge answers 401.
/// </summary>
internal static class Callers
{
    /// <summary>The caller's owner key, or the problem to answer with (401 without a valid token, 403 without user and tenant claims).</summary>
    public static async Task<(RequestOwner? Owner, IResult? Problem)> IdentifyAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!result.Succeeded)
            {
                // The scheme's OnChallenge writes the 401 problem (with WWW-Authenticate), naming what was wrong with the token.
                await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
                return (null, Results.Empty);
            }

            http.User = result.Principal;
        }

        return http.User.GetOwner() is { } owner
            ? (owner, null)
            : (null, Problems.Forbidden($"The token must carry a user ('{StreamerClaims.Subject}') and a tenant ('{StreamerClaims.Tenant}')."));
    }
}
