using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Requests;

namespace Streamer.Api.Realtime;

/// <summary>
/// <c>POST /api/negotiate</c>: the Azure SignalR serverless negotiate shape <c>{ url, accessToken }</c>, so the
/// stock clients connect by pointing at <c>http://localhost:7071/api</c>. With Azure SignalR Service it hands
/// out a service token for the caller that expires with the caller's token (within the hour); otherwise it points at the host's own hub with the caller's own token, when the
/// host has one (the ASP.NET Core host does, the Functions app does not).
/// </summary>
internal sealed class NegotiateEndpoint(RealtimeMode mode, TimeProvider time)
{
    /// <summary>The longest a service token lasts, as the Azure SignalR SDK's default: clients renegotiate when they reconnect.</summary>
    private static readonly TimeSpan MaxServiceTokenLifetime = TimeSpan.FromHours(1);

    public async Task<IResult> NegotiateAsync(HttpContext http)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (mode.Service is { } service)
        {
            // The service token is a credential derived from the caller's: it must not outlast it, or a connection (and
            // every reconnect with the same service token) would go on after the caller's token expired.
            var now = time.GetUtcNow();
            var longest = now + MaxServiceTokenLifetime;
            var expires = CallerTokenExpiry(http.User) is { } callerExpires && callerExpires < longest ? callerExpires : longest;
            if (expires <= now)
            {
                // Accepted within the clock skew, but a service token for it would be born expired: ask for a fresh one instead.
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Create(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "Authentication required.",
                    "The access token has expired; get a new one to connect.");
            }

            var url = service.ClientUrl(AzureSignalRRealtimeSender.HubName);
            return TypedResults.Ok(new NegotiateResponse(url, AzureSignalRTokens.CreateClient(service, url, owner.SignalRUserId, now, expires)));
        }

        if (!mode.HostHub)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemCodes.ServiceUnavailable, "SignalR is not configured.",
                $"Set '{AzureSignalROptions.SettingName}' to an Azure SignalR Service connection string (Serverless mode) to receive live progress; status polling works without it.");
        }

        var token = await http.GetTokenAsync(JwtBearerDefaults.AuthenticationScheme, "access_token")
            ?? http.Request.Headers.Authorization.ToString().Replace("Bearer ", string.Empty, StringComparison.OrdinalIgnoreCase);
        return TypedResults.Ok(new NegotiateResponse(RequestUris.For(http.Request).Hub, token));
    }

    /// <summary>The caller's token's <c>exp</c>, or null when it has none.</summary>
    private static DateTimeOffset? CallerTokenExpiry(ClaimsPrincipal caller)
        => long.TryParse(caller.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>Where to connect and with which token.</summary>
internal sealed record NegotiateResponse(Uri Url, string AccessToken);
