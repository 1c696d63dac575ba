using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;

namespace Streamer.Api.Auth;

/// <summary>
/// Who is calling, for every API handler on both hosts: the JWT bearer scheme of <see cref="AuthenticationSetup"/>
/// validates the token, and when it fails the scheme's own challenge answers 401.
/// </summary>
internal static class Callers
{
    /// <summary>The caller's owner key, or the problem to answer with (401 without a valid token, 403 without valid user and tenant claims).</summary>
    /// <remarks>
    /// Always the bearer scheme, whatever principal the request already carries: on the Functions host another
    /// authentication (App Service authentication, say) may have set one, and only our tokens say who owns a request.
    /// On the ASP.NET Core host the scheme's handler has already run for this request and answers from its cache.
    /// </remarks>
    public static async Task<(RequestOwner? Owner, IResult? Problem)> IdentifyAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            // The scheme's OnChallenge writes the 401 problem (with WWW-Authenticate), naming what was wrong with the token.
            await http.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return (null, Results.Empty);
        }

        http.User = result.Principal;
        return http.User.GetOwner() is { } owner
            ? (owner, null)
            : (null, Problems.Forbidden(StreamerClaims.OwnerRule));
    }
}
