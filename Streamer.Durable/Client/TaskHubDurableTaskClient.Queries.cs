using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Streamer.Durable.Client;

/// <summary>Reads, waits for, lists and purges instances.</summary>
public sealed partial class TaskHubDurableTaskClient
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await GetStateAsync(instanceId, getInputsAndOutputs, cancellation);
        return state?.ToMetadata(_converter, getInputsAndOutputs);
    }

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        var condition = new OrchestrationInstanceStatusQueryCondition
        {
            RuntimeStatus = query.Statuses?.Select(s => s.ToCore()).ToArray(),
            CreatedTimeFrom = query.CreatedFrom?.UtcDateTime ?? default,
            CreatedTimeTo = query.CreatedTo?.UtcDateTime ?? default,
            InstanceIdPrefix = query.InstanceIdPrefix,
            FetchInput = query.FetchInputsAndOutputs,
            FetchOutput = query.FetchInputsAndOutputs,
        };
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var page = await _hub.ClientService.GetOrchestrationStateAsync(condition, pageSize ?? query.PageSize, continuation ?? query.ContinuationToken, cancellation);
            return new Page<OrchestrationMetadata>(
                [.. page.OrchestrationState.Select(s => s.ToMetadata(_converter, query.FetchInputsAndOutputs))],
                string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        });
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => PollAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => PollAsync(instanceId, getInputsAndOutputs, status => status.IsTerminal(), cancellation);

    /// <inheritdoc />
    /// <remarks>Instances that have not finished are not purged (the result counts 0), as on Durable Functions.</remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (await GetStateAsync(instanceId, false, cancellation) is not { } state || !state.OrchestrationStatus.IsTerminal())
        {
            return new PurgeResult(0);
        }

        var result = await _hub.ClientService.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(result.InstancesDeleted);
    }

    /// <inheritdoc />
    /// <remarks>Without statuses in the filter, only finished instances are purged.</remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        cancellation.ThrowIfCancellationRequested();
        var statuses = filter.Statuses?.Select(s => s.ToCore()).ToArray() is { Length: > 0 } given
            ? given
            : [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];
        var result = await _hub.ClientService.PurgeInstanceHistoryAsync(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime, statuses);
        return new PurgeResult(result.InstancesDeleted);
    }

    /// <inheritdoc />
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return HistoryJson.Read(await _hub.ClientService.GetOrchestrationHistoryAsync(instanceId, executionId: null));
    }

    private async Task<OrchestrationState?> GetStateAsync(string instanceId, bool withInputsAndOutputs, CancellationToken cancellation)
    {
        var states = await _hub.ClientService.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: withInputsAndOutputs).WaitAsync(cancellation);
        if (states.FirstOrDefault() is not { } state)
        {
            return null;
        }

        if (state is { OrchestrationStatus: OrchestrationStatus.Failed, FailureDetails: null })
        {
            // The Instances row keeps only "{type}: {message}"; the history's ExecutionCompleted event has the full
            // details (stack trace, inner failure), at the cost of one more query on this path only.
            var history = HistoryJson.Read(await _hub.ClientService.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance?.ExecutionId).WaitAsync(cancellation));
            state.FailureDetails = history.OfType<ExecutionCompletedEvent>().LastOrDefault()?.FailureDetails;
        }

        return state;
    }

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationStatus, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var delay = FirstPollDelay;
        while (true)
        {
            if (await GetStateAsync(instanceId, getInputsAndOutputs, cancellation) is { } state && done(state.OrchestrationStatus))
            {
                return state.ToMetadata(_converter, getInputsAndOutputs);
            }

            await Task.Delay(delay, _time, cancellation);
            delay = TimeSpan.FromTicks(Math.Min(MaxPollDelay.Ticks, delay.Ticks * 2));
        }
    }
}
