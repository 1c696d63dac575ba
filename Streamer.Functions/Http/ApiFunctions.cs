using Microsoft.Azure.Functions.Worker;
using Streamer.Api.Actions;
using Streamer.Api.Health;
using Streamer.Api.Realtime;

namespace Streamer.Functions.Http;

/// <summary>The rest of DESIGN §4.1: the action list, SignalR negotiate and health, over the shared handlers.</summary>
internal sealed class ApiFunctions(ActionEndpoints actions, NegotiateEndpoint negotiate, ILogger<ApiFunctions> logger)
{
    [Function("ListActions")]
    public Task<IResult> ListActionsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "actions")] HttpRequest request)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => actions.ListAsync(request.HttpContext));

    /// <summary>Azure SignalR Service's serverless negotiate, computed from <c>AzureSignalRConnectionString</c> (no SignalR binding: README says why).</summary>
    [Function("Negotiate")]
    public Task<IResult> NegotiateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "negotiate")] HttpRequest request)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => negotiate.NegotiateAsync(request.HttpContext));

    [Function("Health")]
    public static IResult Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => HealthEndpoints.Live(request.HttpContext);

    [Function("HealthReady")]
    public Task<IResult> ReadyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => HealthEndpoints.ReadyAsync(request.HttpContext));
}
