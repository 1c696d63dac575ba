using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Orchestration;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Api.Requests.Contracts;

namespace Streamer.Api.Requests;

/// <summary>Reads and changes the caller's own requests. Another owner's request looks exactly like a missing one.</summary>
/// <remarks>
/// The <see cref="DurableTaskClient"/> is a parameter, not a dependency: on the Functions host it is bound per invocation
/// (<c>[DurableClient]</c>), on the ASP.NET Core host it comes from the container.
/// </remarks>
internal sealed class RequestQueries(RequestStore store, RequestDeletion deletion, RequestCancellation cancellation, TimeProvider time)
{
    /// <summary>
    /// A record whose instance is still missing this long after it was written lost its instance: it was purged
    /// through the management API, or scheduling failed and the client never retried. It is reported as unknown.
    /// </summary>
    private static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(1);

    /// <summary>How long a purge waits for an orchestration whose outcome is recorded to finish its last episode.</summary>
    private static readonly TimeSpan FinishingGrace = TimeSpan.FromSeconds(10);

    public async Task<RequestStatusResponse?> GetAsync(DurableTaskClient client, RequestOwner owner, string requestId, CancellationToken cancellationToken)
    {
        // Status polls are the busiest call. The instance id follows from owner and request id, and the instance's
        // input is the request envelope, so once the orchestration exists the instance and progress rows (read at
        // once) describe the request; the record is read only before that, or for envelopes without AcceptedAt.
        var instanceTask = client.GetInstanceAsync(RequestKeys.InstanceId(owner, requestId), getInputsAndOutputs: true, cancellationToken);
        var progressTask = store.GetProgressAsync(owner, requestId, cancellationToken);
        await Task.WhenAll(instanceTask, progressTask);
        var instance = await instanceTask;
        var summary = Summarize(instance, owner, requestId)
            ?? (await store.GetAsync(owner, requestId, cancellationToken) is { } record ? RequestSummary.Of(record) : null);
        return summary is null ? null : ToResponse(summary, instance, await progressTask);
    }

    public async Task<RequestListResponse> ListAsync(DurableTaskClient client, RequestOwner owner, int top, string? continuationToken, IReadOnlySet<string>? statuses, CancellationToken cancellationToken)
    {
        var (records, next) = await store.ListAsync(owner, top, continuationToken, cancellationToken);
        var items = (await Task.WhenAll(records.Select(r => DescribeAsync(client, r, cancellationToken)))).OfType<RequestStatusResponse>().ToArray();

        // Filtering after paging keeps the token exact; a page can then hold fewer than 'top' items.
        var filtered = statuses is null ? items : [.. items.Where(i => statuses.Contains(i.RuntimeStatus))];
        return new RequestListResponse(filtered, next);
    }

    /// <summary>Asks a running request to stop at its next chunk boundary; null when it does not exist, false when it already finished.</summary>
    public async Task<(RequestStatusResponse? Status, bool Accepted)> CancelAsync(DurableTaskClient client, RequestOwner owner, string requestId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(owner, requestId, cancellationToken);
        if (record is null)
        {
            return (null, false);
        }

        var instance = await client.GetInstanceAsync(record.InstanceId, cancellation: cancellationToken);
        if (instance is { IsCompleted: true } || await HasOutcomeAsync(record, cancellationToken))
        {
            return (await DescribeAsync(client, record, cancellationToken), false);
        }

        if (instance is null && await DescribeAsync(client, record, cancellationToken) is null)
        {
            return (null, false);
        }

        // The event stops the orchestrator; the flag reaches chunks running on other hosts; the signal cancels
        // chunks on this host at once. A chunk stopped that way fails with RequestCanceledException, which the
        // orchestrator also treats as a cancel, so the order in which the two arrive does not matter. An instance
        // not scheduled yet has no inbox; its first chunk sees the flag.
        if (instance is not null)
        {
            await client.RaiseEventAsync(record.InstanceId, RequestOrchestrator.CancelEventName, cancellation: cancellationToken);
        }

        await store.MarkCancelRequestedAsync(record, cancellationToken);
        cancellation.Signal(new ActionRequest(record.RequestId, record.Action, owner));
        return (await DescribeAsync(client, record, cancellationToken), true);
    }

    /// <summary>
    /// Deletes a finished request with its files and work blobs (<see cref="RequestDeletion"/>); null when it does not
    /// exist, false when it is still running (then nothing is deleted). Safe to repeat.
    /// </summary>
    public async Task<bool?> PurgeAsync(DurableTaskClient client, RequestOwner owner, string requestId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(owner, requestId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(record.InstanceId, cancellation: cancellationToken);
        if (instance is { IsCompleted: false } && await HasOutcomeAsync(record, cancellationToken))
        {
            // Its outcome is recorded and announced; the orchestration is finishing its last episode.
            using var finishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            finishing.CancelAfter(FinishingGrace);
            try
            {
                instance = await client.WaitForInstanceCompletionAsync(record.InstanceId, cancellation: finishing.Token);
            }
            catch (OperationCanceledException) when (finishing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Still not finished after the grace period: answered as still running (409), not as storage being down.
            }
        }

        if (instance is { IsCompleted: false })
        {
            return false;
        }

        await deletion.DeleteAsync(client, record, hasInstance: instance is not null, cancellationToken);
        return true;
    }

    private async Task<bool> HasOutcomeAsync(RequestRecord record, CancellationToken cancellationToken)
        => (await store.GetProgressAsync(new RequestOwner(record.TenantId, record.UserId), record.RequestId, cancellationToken))?.Outcome is not null;

    private async Task<RequestStatusResponse?> DescribeAsync(DurableTaskClient client, RequestRecord record, CancellationToken cancellationToken)
    {
        var owner = new RequestOwner(record.TenantId, record.UserId);
        var instanceTask = client.GetInstanceAsync(record.InstanceId, getInputsAndOutputs: true, cancellationToken);
        var progressTask = store.GetProgressAsync(owner, record.RequestId, cancellationToken);
        return ToResponse(RequestSummary.Of(record), await instanceTask, await progressTask);
    }

    /// <summary>The request an instance runs, when it is this owner's request and its envelope says when it was accepted.</summary>
    private static RequestSummary? Summarize(OrchestrationMetadata? instance, RequestOwner owner, string requestId)
        => instance is { Name: RequestOrchestrator.Name, SerializedInput: not null }
            && instance.ReadInputAs<RequestRun>() is { Request.AcceptedAt: { } acceptedAt } run
            && run.Request.RequestId == requestId && run.Request.TenantId == owner.TenantId && run.Request.UserId == owner.UserId
                ? new RequestSummary(requestId, run.Request.Action, acceptedAt)
                : null;

    private RequestStatusResponse? ToResponse(RequestSummary request, OrchestrationMetadata? instance, StoredProgress? stored)
    {
        if (instance is null && time.GetUtcNow() - request.CreatedAt > OrphanAfter)
        {
            return null;
        }

        var progress = stored?.Progress;
        var progressResponse = progress is null ? null : new ProgressResponse(progress.Percentage, progress.Message, progress.Sequence, progress.UpdatedAt, progress.Stage);
        if (stored?.Outcome is { } outcome && (outcome.Output is not null || outcome.Error is not null))
        {
            // Recorded before the owner was told, so a read right after the completed or failed message already shows it,
            // while the orchestration is still finishing its last episode.
            return new RequestStatusResponse(
                request.RequestId,
                request.Action,
                outcome.Status.ToString(),
                request.CreatedAt,
                instance is { IsCompleted: true } ? instance.LastUpdatedAt : outcome.EndedAt,
                progressResponse,
                outcome.Output,
                outcome.Error is { } error ? new ErrorResponse(error.Code, error.Message) : null);
        }

        var status = RequestRuntimeStatuses.Of(instance);
        return new RequestStatusResponse(
            request.RequestId,
            request.Action,
            status.ToString(),
            request.CreatedAt,
            instance?.LastUpdatedAt ?? request.CreatedAt,
            progressResponse,
            status == RequestRuntimeStatus.Completed && instance?.SerializedOutput is { } output ? JsonSerializer.Deserialize<JsonElement>(output) : null,
            Describe(status, instance));
    }

    private static ErrorResponse? Describe(RequestRuntimeStatus status, OrchestrationMetadata? instance) => status switch
    {
        RequestRuntimeStatus.Canceled => new ErrorResponse(RequestError.CanceledCode, RequestError.Canceled.Message),
        RequestRuntimeStatus.Terminated => new ErrorResponse("TERMINATED", "The request was terminated by an operator."),
        RequestRuntimeStatus.Failed => Rejection(instance?.FailureDetails) is { } rejected
            ? new ErrorResponse("VALIDATION", rejected.ErrorMessage)
            : new ErrorResponse("INTERNAL", instance?.FailureDetails is { ErrorType: var type } failure && type == typeof(StepFailedException).FullName
                ? failure.ErrorMessage
                : "The request failed; the host's log has the error under the request's id."),
        _ => null,
    };

    /// <summary>
    /// The handler's own rejection inside the orchestration's failure chain: its message names the field and the
    /// rule, as the <c>failed</c> SignalR message does, without the engine's "Task '…' (#n) failed" wrapping.
    /// </summary>
    private static TaskFailureDetails? Rejection(TaskFailureDetails? failure)
    {
        for (; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(PayloadRejectedException).FullName)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>What a status answer needs of a request besides its instance and progress.</summary>
    private sealed record RequestSummary(string RequestId, string Action, DateTimeOffset CreatedAt)
    {
        public static RequestSummary Of(RequestRecord record) => new(record.RequestId, record.Action, record.CreatedAt);
    }
}
