using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Streamer.Functions.Auth;
using Streamer.Functions.Errors;
using Streamer.Functions.Requests;

namespace Streamer.Functions.Realtime;

/// <summary>
/// <c>POST /api/negotiate</c>: the Azure SignalR serverless negotiate shape <c>{ url, accessToken }</c>, so the
/// stock clients connect by pointing at <c>http://localhost:7071/api</c>. With Azure SignalR Service it hands
/// out a service token for the caller; otherwise it points at this host's hub with the caller's own token.
/// </summary>
internal static class NegotiateEndpoint
{
    private static readonly TimeSpan ServiceTokenLifetime = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapNegotiate(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/negotiate", NegotiateAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> NegotiateAsync(HttpContext http, TimeProvider time, RealtimeMode mode)
    {
        if (http.User.GetOwner() is not { } owner)
        {
            return Problems.Forbidden($"The token must carry a user ('{StreamerClaims.Subject}') and a tenant ('{StreamerClaims.Tenant}').");
        }

        if (mode.Service is { } service)
        {
            var url = service.ClientUrl(AzureSignalRRealtimeSender.HubName);
            return TypedResults.Ok(new NegotiateResponse(url, AzureSignalRTokens.Create(service, url, ServiceTokenLifetime, time.GetUtcNow(), owner.SignalRUserId)));
        }

        var token = await http.GetTokenAsync(JwtBearerDefaults.AuthenticationScheme, "access_token")
            ?? http.Request.Headers.Authorization.ToString().Replace("Bearer ", string.Empty, StringComparison.OrdinalIgnoreCase);
        return TypedResults.Ok(new NegotiateResponse(RequestUris.For(http.Request).Hub, token));
    }
}

/// <summary>Where to connect and with which token.</summary>
internal sealed record NegotiateResponse(Uri Url, string AccessToken);
