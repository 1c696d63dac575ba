using Microsoft.DurableTask.Client;
using Streamer.Api.Actions;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;
using Streamer.Api.Requests;

namespace Streamer.Host.Hosting;

/// <summary>The API of DESIGN §4.1 as minimal-API routes over the shared handlers (the Functions app's HTTP triggers call the same ones).</summary>
internal static class ApiRoutes
{
    public static IEndpointRouteBuilder MapStreamerApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").RequireAuthorization();
        requests.MapPost("", (RequestEndpoints api, HttpContext http, DurableTaskClient client) => api.StartAsync(http, client));
        requests.MapGet("", (RequestEndpoints api, HttpContext http, DurableTaskClient client) => api.ListAsync(http, client));
        requests.MapGet("{id}", (string id, RequestEndpoints api, HttpContext http, DurableTaskClient client) => api.GetAsync(http, client, id));
        requests.MapPost("{id}/cancel", (string id, RequestEndpoints api, HttpContext http, DurableTaskClient client) => api.CancelAsync(http, client, id));
        requests.MapDelete("{id}", (string id, RequestEndpoints api, HttpContext http, DurableTaskClient client) => api.PurgeAsync(http, client, id));

        app.MapGet("/api/actions", (ActionEndpoints api, HttpContext http) => api.ListAsync(http)).RequireAuthorization();
        app.MapPost("/api/negotiate", (NegotiateEndpoint api, HttpContext http) => api.NegotiateAsync(http)).RequireAuthorization();
        app.MapGet(HealthEndpoints.Path, (Delegate)HealthEndpoints.Live);
        app.MapGet(HealthEndpoints.Path + "/ready", (Delegate)HealthEndpoints.ReadyAsync);
        return app;
    }
}
