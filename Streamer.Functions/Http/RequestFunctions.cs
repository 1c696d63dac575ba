using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Streamer.Api.Requests;

namespace Streamer.Functions.Http;

/// <summary>The <c>/api/requests</c> routes (DESIGN §4.1) as HTTP triggers over the shared <see cref="RequestEndpoints"/>.</summary>
/// <remarks>
/// Triggers are anonymous at the Functions level: callers present a bearer token, which the shared handlers validate
/// (as on the ASP.NET Core host), not a function key.
/// </remarks>
internal sealed class RequestFunctions(RequestEndpoints api, ILogger<RequestFunctions> logger)
{
    [Function("StartRequest")]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => api.StartAsync(request.HttpContext, client));

    [Function("ListRequests")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => api.ListAsync(request.HttpContext, client));

    [Function("GetRequest")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => api.GetAsync(request.HttpContext, client, id));

    [Function("CancelRequest")]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests/{id}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => api.CancelAsync(request.HttpContext, client, id));

    [Function("PurgeRequest")]
    public Task<IResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "requests/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
        => HttpTriggerErrors.GuardAsync(request.HttpContext, logger, () => api.PurgeAsync(request.HttpContext, client, id));
}
