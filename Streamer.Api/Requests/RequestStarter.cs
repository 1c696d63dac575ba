using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Activities.Orchestration;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Activities.Telemetry;
using Streamer.Api.Errors;
using Streamer.Api.Hosting;
using Streamer.Api.Requests.Contracts;

namespace Streamer.Api.Requests;

/// <summary>
/// Starts a request, for the HTTP starter and the hub alike: validates the payload, runs fast actions
/// inline, and for slow ones records the request (idempotent by id) and schedules its orchestration.
/// </summary>
internal sealed class RequestStarter(ActionCatalog catalog, RequestStore store, RequestPayloads payloads, RequestMetrics metrics, IOptions<StreamerOptions> options, TimeProvider time)
{
    public async Task<StartOutcome> StartAsync(DurableTaskClient client, RequestOwner owner, System.Security.Claims.ClaimsPrincipal caller, StartCommand command, RequestUris uris, CancellationToken cancellationToken)
    {
        var handler = catalog.Find(command.Action);
        if (handler is null)
        {
            return Reject(new Rejection(StatusCodes.Status404NotFound, ProblemCodes.NotFound, $"Unknown action '{command.Action}'. Known actions: {string.Join(", ", catalog.Names)}."));
        }

        if (!Auth.StreamerClaims.MayStart(caller, command.Action))
        {
            return Reject(new Rejection(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, $"The token does not grant '{Auth.StreamerClaims.AllActions}' or 'actions:{command.Action}'."));
        }

        var errors = handler.Validate(command.Payload);
        if (errors.Count > 0)
        {
            return Reject(Rejection.Invalid(errors));
        }

        var requestId = command.Id ?? Guid.NewGuid().ToString("N");
        var threshold = options.Value.SyncThreshold;
        return handler.EstimateDuration(command.Payload) < threshold
            ? await RunInlineAsync(handler, new ActionRequest(requestId, command.Action, owner), command.Payload, threshold, cancellationToken)
            : await StartDurableAsync(client, owner, requestId, command, uris, cancellationToken);
    }

    private static StartOutcome Reject(Rejection rejection) => new(null, null, rejection);

    private async Task<StartOutcome> RunInlineAsync(IActionHandler handler, ActionRequest request, JsonElement json, TimeSpan threshold, CancellationToken cancellationToken)
    {
        var payload = new RequestPayload(json);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(threshold);
        var started = time.GetTimestamp();
        metrics.Started(request.Action, RequestMode.Sync);
        try
        {
            var chunks = await handler.PlanAsync(request, payload, deadline.Token);
            var results = new List<JsonElement>(chunks.Count);
            for (var i = 0; i < chunks.Count; i++)
            {
                results.Add(await handler.ProcessChunkAsync(payload, chunks[i], new ChunkContext(request, i, chunks.Count, SilentProgress.Instance), deadline.Token));
            }

            var output = await handler.FinalizeAsync(request, payload, results.ToAsyncEnumerable(), deadline.Token);
            metrics.Completed(request.Action, RequestMode.Sync, time.GetElapsedTime(started));
            return new StartOutcome(new SyncResponse(request.RequestId, request.Action, true, output, true), null, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            metrics.Failed(request.Action, RequestMode.Sync, ProblemCodes.Timeout, time.GetElapsedTime(started));
            return Reject(new Rejection(StatusCodes.Status504GatewayTimeout, ProblemCodes.Timeout, $"The action did not finish within the sync threshold of {threshold.TotalSeconds:0.#} s."));
        }
        catch (PayloadRejectedException ex)
        {
            metrics.Failed(request.Action, RequestMode.Sync, ProblemCodes.Validation, time.GetElapsedTime(started));
            return Reject(Rejection.Invalid("payload", ex.Message));
        }
    }

    private async Task<StartOutcome> StartDurableAsync(DurableTaskClient client, RequestOwner owner, string requestId, StartCommand command, RequestUris uris, CancellationToken cancellationToken)
    {
        var record = new RequestRecord(
            requestId, command.Action, RequestKeys.InstanceId(owner, requestId), RequestKeys.BodyHash(command.Action, command.Payload),
            owner.TenantId, owner.UserId, time.GetUtcNow());
        var (stored, created) = await store.AddOrGetAsync(record, cancellationToken);
        if (!created && stored.BodyHash != record.BodyHash)
        {
            return Reject(new Rejection(StatusCodes.Status409Conflict, ProblemCodes.Conflict, $"Request id '{requestId}' was already used with a different action or payload; use a new id."));
        }

        // A retry of a start whose scheduling failed after the record was written finds no instance and schedules it now.
        if (created || await client.GetInstanceAsync(stored.InstanceId, cancellation: cancellationToken) is null)
        {
            // The claim check: the payload is stored once, and the orchestration carries its key (docs/cost.md). Only a body
            // with this hash gets here under this instance id, so a concurrent or retried start writes the same bytes.
            await payloads.WriteAsync(stored.InstanceId, record.BodyHash, command.Payload, cancellationToken);
            var envelope = new RequestEnvelope(requestId, command.Action, owner.TenantId, owner.UserId, record.BodyHash, stored.CreatedAt);
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(RequestOrchestrator.Name, new RequestRun(envelope), new StartOrchestrationOptions(stored.InstanceId) { DedupeStatuses = AnyStatus }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A concurrent retry with the same id may have scheduled it first. The engines say so differently (DTFx throws
                // OrchestrationAlreadyExistsException, the Functions host's gRPC client an RpcException), so look instead.
                if (await client.GetInstanceAsync(stored.InstanceId, cancellation: cancellationToken) is null)
                {
                    throw;
                }
            }

            if (created)
            {
                metrics.Started(command.Action, RequestMode.Async);
            }
        }

        return new StartOutcome(null, Accepted(stored, uris), null);
    }

    /// <summary>A request's instance is never replaced, whatever its state: the same id always names the same run.</summary>
    private static readonly IReadOnlyList<string> AnyStatus = Enum.GetNames<OrchestrationRuntimeStatus>();

    public static AcceptedResponse Accepted(RequestRecord record, RequestUris uris) => new(
        record.InstanceId,
        record.RequestId,
        record.Action,
        "queued",
        uris.Status(record.RequestId),
        uris.Management(record.InstanceId, "/raiseEvent/{eventName}"),
        uris.Cancel(record.RequestId),
        uris.Status(record.RequestId),
        uris.Management(record.InstanceId, "/suspend"),
        uris.Management(record.InstanceId, "/resume"),
        uris.Negotiate);

    /// <summary>Inline runs report nowhere: the caller is waiting for the answer itself.</summary>
    private sealed class SilentProgress : IProgressReporter
    {
        public static SilentProgress Instance { get; } = new();

        public void Report(double percentage, string message, string? stage = null, JsonElement? details = null)
        {
        }
    }
}
