using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Requests;

namespace Streamer.Api.Realtime;

/// <summary>
/// <c>POST /api/negotiate</c>: the Azure SignalR serverless negotiate shape <c>{ url, accessToken }</c>, so the
/// stock clients connect by pointing at <c>http://localhost:7071/api</c>. With Azure SignalR Service it hands
/// out a service token for the caller; otherwise it points at the host's own hub with the caller's own token, when the
/// host has one (the ASP.NET Core host does, the Functions app does not).
/// </summary>
internal sealed class NegotiateEndpoint(RealtimeMode mode, TimeProvider time)
{
    private static readonly TimeSpan ServiceTokenLifetime = TimeSpan.FromHours(1);

    public async Task<IResult> NegotiateAsync(HttpContext http)
    {
        var (owner, problem) = await Callers.IdentifyAsync(http);
        if (owner is null)
        {
            return problem!;
        }

        if (mode.Service is { } service)
        {
            var url = service.ClientUrl(AzureSignalRRealtimeSender.HubName);
            return TypedResults.Ok(new NegotiateResponse(url, AzureSignalRTokens.Create(service, url, ServiceTokenLifetime, time.GetUtcNow(), owner.SignalRUserId)));
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
}

/// <summary>Where to connect and with which token.</summary>
internal sealed record NegotiateResponse(Uri Url, string AccessToken);
