using System.Diagnostics;
using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable;

/// <summary>
/// Starts, inspects and controls orchestration instances. Safe to share; register it once
/// (<c>services.AddDurableTask(...)</c> does).
/// </summary>
public sealed class DurableTaskClient
{
    private readonly IOrchestrationBackend _backend;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;

    /// <summary>Creates a client over a backend.</summary>
    public DurableTaskClient(IOrchestrationBackend backend, DataConverter? converter = null, TimeProvider? timeProvider = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _converter = converter ?? JsonDataConverter.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Schedules a new instance of orchestrator <paramref name="orchestratorName"/> and returns its instance id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The chosen instance id belongs to an instance that is still Pending, Running or Suspended.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);

        // Without a listener on the engine's source there is no span of our own, but the caller's (an HTTP
        // request, say) is still carried, so hosts that do trace continue the caller's trace.
        using var span = DurableTelemetry.StartCreateOrchestration(orchestratorName, instanceId);
        var start = new ExecutionStartedEvent(
            _time.GetUtcNow(),
            orchestratorName,
            new OrchestrationInstance(instanceId, InstanceIds.NewExecutionId()),
            _converter.Serialize(input),
            Trace: TraceContext.From(Activity.Current));
        try
        {
            await _backend.CreateInstanceAsync(start, cancellationToken);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }

        return instanceId;
    }

    /// <summary>Reads an instance's state, or null when it does not exist.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return WithConverter(await _backend.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken));
    }

    /// <summary>Reads the current execution's history, oldest first.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _backend.GetHistoryAsync(instanceId, cancellationToken);
    }

    /// <summary>Lists instances, newest first, one page at a time.</summary>
    public async Task<Page<OrchestrationMetadata>> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000, nameof(query));
        var page = await _backend.QueryInstancesAsync(query, cancellationToken);
        return page with { Values = [.. page.Values.Select(v => WithConverter(v)!)] };
    }

    /// <summary>Raises event <paramref name="eventName"/> on an instance. Events for a finished instance are discarded.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(_time.GetUtcNow(), eventName, _converter.Serialize(eventData)), cancellationToken);
    }

    /// <summary>Stops an instance at once; it ends as Terminated with <paramref name="reason"/> as its output. No effect on a finished instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    public Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new ExecutionTerminatedEvent(_time.GetUtcNow(), _converter.Serialize(reason)), cancellationToken);

    /// <summary>Pauses an instance: it keeps receiving events but does not act on them until resumed.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new ExecutionSuspendedEvent(_time.GetUtcNow(), reason), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">The instance does not exist.</exception>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new ExecutionResumedEvent(_time.GetUtcNow(), reason), cancellationToken);

    /// <summary>Deletes a finished instance and its history. Returns 0 for unknown or unfinished instances.</summary>
    public Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _backend.PurgeInstanceAsync(instanceId, cancellationToken);
    }

    /// <summary>Deletes every finished instance that matches <paramref name="filter"/>.</summary>
    public Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var notTerminal = filter.Statuses?.Where(s => !s.IsTerminal()).ToList();
        if (notTerminal is { Count: > 0 })
        {
            throw new ArgumentException($"Only finished instances can be purged; {string.Join(", ", notTerminal)} is not a terminal status.", nameof(filter));
        }

        return _backend.PurgeInstancesAsync(filter, cancellationToken);
    }

    /// <summary>Waits until the instance has started (is no longer Pending).</summary>
    public async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await _backend.WaitForInstanceAsync(instanceId, s => s.RuntimeStatus != OrchestrationRuntimeStatus.Pending, getInputsAndOutputs, cancellationToken);
        return WithConverter(state)!;
    }

    /// <summary>Waits until the instance has finished (Completed, Failed, Canceled or Terminated).</summary>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await _backend.WaitForInstanceAsync(instanceId, s => s.IsCompleted, getInputsAndOutputs, cancellationToken);
        return WithConverter(state)!;
    }

    private Task SendAsync(string instanceId, HistoryEvent @event, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _backend.SendMessageAsync(new TaskMessage(new OrchestrationInstance(instanceId), @event), cancellationToken);
    }

    private OrchestrationMetadata? WithConverter(OrchestrationMetadata? state)
        => state is null ? null : state with { DataConverter = _converter };
}
