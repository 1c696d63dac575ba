using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Durable.AzureStorage.Messaging;
using Streamer.Durable.AzureStorage.Monitoring;
using Streamer.Durable.AzureStorage.Partitioning;
using Streamer.Durable.AzureStorage.Payloads;
using Streamer.Durable.AzureStorage.Tracking;
using Streamer.Durable.Backends;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage;

/// <summary>
/// A task hub in an Azure Storage account (or Azurite): an Instances table, a History table, N
/// control queues for orchestration messages, a work-item queue for activities, a poison queue,
/// and blob containers for partition leases and large payloads. Any number of hosts can share it;
/// each control queue is processed by the one host that holds its lease.
/// </summary>
public sealed partial class AzureStorageOrchestrationBackend : IOrchestrationBackend, IProvisionedBackend, IAsyncDisposable
{
    private readonly AzureStorageBackendOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskHubNames _names;
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly BlobContainerClient _leaseContainer;
    private readonly BlobContainerClient _payloadContainer;
    private readonly InstanceStore _instances;
    private readonly HistoryStore _history;
    private readonly PayloadStore _payloads;
    private readonly TaskQueue[] _controlQueues;
    private readonly TaskQueue _workItems;
    private readonly QueueClient _poison;
    private readonly PartitionManager _partitions;

    /// <summary>The meter of the backend's metrics (the queue backlog gauge, when registered with <c>UseAzureStorage</c>).</summary>
    public const string MeterName = "Streamer.Durable.AzureStorage";

    /// <summary>Creates the backend; call <see cref="CreateIfNotExistsAsync"/> once before use.</summary>
    public AzureStorageOrchestrationBackend(AzureStorageBackendOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AzureStorageOrchestrationBackend>();
        _names = new TaskHubNames(options.TaskHubName);

        _tables = new TableServiceClient(options.ConnectionString);
        _queues = new QueueServiceClient(options.ConnectionString);
        var blobs = new BlobServiceClient(options.ConnectionString);
        _leaseContainer = blobs.GetBlobContainerClient(_names.LeaseContainer);
        _payloadContainer = blobs.GetBlobContainerClient(_names.PayloadContainer);
        _payloads = new PayloadStore(_payloadContainer);
        var codec = new MessageCodec(_payloads);
        _instances = new InstanceStore(_tables.GetTableClient(_names.InstancesTable), _payloads);
        _history = new HistoryStore(_tables.GetTableClient(_names.HistoryTable), _payloads);
        _controlQueues = [.. Enumerable.Range(0, options.PartitionCount).Select(p => new TaskQueue(_queues.GetQueueClient(_names.ControlQueue(p)), codec, _time))];
        _workItems = new TaskQueue(_queues.GetQueueClient(_names.WorkItemQueue), codec, _time);
        _poison = _queues.GetQueueClient(_names.PoisonQueue);
        _partitions = new PartitionManager(_leaseContainer, options, _time, _logger, HandOverAsync);
        _controlPoller = new AdaptivePoller(options.MaxQueuePollingInterval, _time);
        _activityPoller = new AdaptivePoller(options.MaxQueuePollingInterval, _time);
    }

    /// <summary>The settings this backend runs with.</summary>
    internal AzureStorageBackendOptions Options => _options;

    /// <summary>The control queues (partitions) this host holds leases on right now; for health checks and diagnostics.</summary>
    public IReadOnlySet<int> OwnedPartitions => _partitions.Owned;

    /// <summary>The queue that receives copies of poisoned messages.</summary>
    public string PoisonQueueName => _names.PoisonQueue;

    /// <summary>Creates the task hub's tables, queues and containers if they are missing.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        await _tables.GetTableClient(_names.InstancesTable).CreateIfNotExistsAsync(cancellationToken);
        await _tables.GetTableClient(_names.HistoryTable).CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in _controlQueues.Select(q => q.Client).Append(_workItems.Client).Append(_poison))
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await _leaseContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _payloadContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _partitions.InitializeAsync(cancellationToken);
    }

    /// <summary>Reads the approximate number of messages in the work-item queue and in each control queue.</summary>
    public async Task<QueueBacklog> GetQueueBacklogAsync(CancellationToken cancellationToken = default)
    {
        var workItems = _workItems.Client.GetPropertiesAsync(cancellationToken);
        var control = _controlQueues.Select(q => q.Client.GetPropertiesAsync(cancellationToken)).ToList();
        var counts = await Task.WhenAll(control.Prepend(workItems));
        return new QueueBacklog(counts[0].Value.ApproximateMessagesCount, [.. counts.Skip(1).Select(c => c.Value.ApproximateMessagesCount)]);
    }

    /// <summary>Deletes every table, queue and container of the task hub.</summary>
    public async Task DeleteTaskHubAsync(CancellationToken cancellationToken = default)
    {
        await _tables.DeleteTableAsync(_names.InstancesTable, cancellationToken);
        await _tables.DeleteTableAsync(_names.HistoryTable, cancellationToken);
        foreach (var queue in _controlQueues.Select(q => q.Client).Append(_workItems.Client).Append(_poison))
        {
            await queue.DeleteIfExistsAsync(cancellationToken);
        }

        await _leaseContainer.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await _payloadContainer.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async Task CreateInstanceAsync(ExecutionStartedEvent startEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startEvent);
        var instanceId = startEvent.Instance.InstanceId;

        // Most starts are of new ids: insert first and only read on a conflict, which saves a round trip per start.
        if (await _instances.TryAddAsync(PendingState(startEvent), cancellationToken))
        {
            await SendToInstanceAsync(new TaskMessage(startEvent.Instance, startEvent), cancellationToken);
            return;
        }

        while (true)
        {
            var existing = await _instances.GetAsync(instanceId, includeInputsAndOutputs: false, cancellationToken);
            if (existing is { State.RuntimeStatus: var status } && !status.IsTerminal())
            {
                throw new OrchestrationAlreadyExistsException(instanceId, status);
            }

            if (!await TryClaimAsync(startEvent, existing, cancellationToken))
            {
                continue; // Someone else created or restarted it first; re-read to report who won.
            }

            await SendToInstanceAsync(new TaskMessage(startEvent.Instance, startEvent), cancellationToken);
            return;
        }
    }

    /// <inheritdoc />
    public async Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var existing = await _instances.GetAsync(message.Target.InstanceId, includeInputsAndOutputs: false, cancellationToken)
            ?? throw new OrchestrationNotFoundException(message.Target.InstanceId);
        if (!existing.State.RuntimeStatus.IsTerminal())
        {
            await SendToInstanceAsync(message, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool includeInputsAndOutputs, CancellationToken cancellationToken)
        => (await _instances.GetAsync(instanceId, includeInputsAndOutputs, cancellationToken))?.State;

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
        => (await _history.LoadAsync(instanceId, cached: null, cancellationToken)).Events;

    /// <inheritdoc />
    public async Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Tables return rows in instance-id order; newest-first paging sorts the filtered rows here.
        var rows = await _instances.QueryAsync(query.Statuses, query.CreatedFrom, query.CreatedTo, query.FetchInputsAndOutputs, cancellationToken);
        return InstanceQueryPager.Page(rows, query);
    }

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var existing = await _instances.GetAsync(instanceId, includeInputsAndOutputs: false, cancellationToken);
        if (existing is not { State.RuntimeStatus: var status } || !status.IsTerminal())
        {
            return new PurgeResult(0);
        }

        await _instances.DeleteAsync(instanceId, existing.Value.ETag, cancellationToken);
        await _history.DeleteAsync(instanceId, cancellationToken);
        await _payloads.DeleteInstanceAsync(instanceId, cancellationToken);
        return new PurgeResult(1);
    }

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses is { Count: > 0 } ? filter.Statuses : Enum.GetValues<OrchestrationRuntimeStatus>().Where(s => s.IsTerminal()).ToList();
        var rows = await _instances.QueryAsync(statuses, filter.CreatedFrom, filter.CreatedTo, includeInputsAndOutputs: false, cancellationToken);
        var purged = 0;
        foreach (var row in rows)
        {
            purged += (await PurgeInstanceAsync(row.InstanceId, cancellationToken)).PurgedInstanceCount;
        }

        return new PurgeResult(purged);
    }

    /// <inheritdoc />
    public async Task<OrchestrationMetadata> WaitForInstanceAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, bool includeInputsAndOutputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var poller = new AdaptivePoller(TimeSpan.FromSeconds(1), _time);
        while (true)
        {
            if (await GetInstanceAsync(instanceId, includeInputsAndOutputs, cancellationToken) is { } state && condition(state))
            {
                return state;
            }

            await poller.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops this host's loops and releases its partitions so other hosts take over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_background is { } background)
        {
            try
            {
                await background;
            }
            catch (OperationCanceledException)
            {
            }
        }

        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _partitions.ReleaseAllAsync(release.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // Leases expire on their own.
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// Writes a Pending row for a new execution: inserted if the id is new, or replacing a finished
    /// instance (whose history is then reset) if the row is unchanged since it was read. False when
    /// another writer got there first.
    /// </summary>
    private async Task<bool> TryClaimAsync(ExecutionStartedEvent start, (OrchestrationMetadata State, ETag ETag)? existing, CancellationToken cancellationToken)
    {
        var pending = PendingState(start);
        if (existing is not { } old)
        {
            return await _instances.TryAddAsync(pending, cancellationToken);
        }

        if (!await _instances.TryReplaceAsync(pending, old.ETag, cancellationToken))
        {
            return false;
        }

        await _history.ResetAsync(start.Instance.InstanceId, state: null, cancellationToken);
        return true;
    }

    private static OrchestrationMetadata PendingState(ExecutionStartedEvent start) => new()
    {
        Name = start.Name,
        InstanceId = start.Instance.InstanceId,
        ExecutionId = start.Instance.ExecutionId!,
        RuntimeStatus = OrchestrationRuntimeStatus.Pending,
        CreatedAt = start.Timestamp,
        LastUpdatedAt = start.Timestamp,
        SerializedInput = start.Input,
        ParentInstanceId = start.Parent?.InstanceId,
    };

    private async Task SendToInstanceAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var partition = PartitionHash.Of(message.Target.InstanceId, _options.PartitionCount);
        await _controlQueues[partition].SendAsync(message, cancellationToken);
        if (message.VisibleAt is null && _partitions.Owned.Contains(partition))
        {
            _controlPoller.Nudge();
        }
    }
}
