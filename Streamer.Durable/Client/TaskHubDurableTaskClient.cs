using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Streamer.Durable.TaskHub;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Client;

/// <summary>
/// A <see cref="DurableTaskClient"/> over the DTFx Azure Storage task hub, so HTTP handler code takes the same client on
/// the in-process runner as on Durable Functions. Inputs, outputs and events are serialized with the client's
/// <see cref="DataConverter"/>, the converter the worker's shims read them with. Waits poll the instance table with a
/// short backoff instead of DTFx's fixed 2 s. Calls go through the hub's client-only service
/// (<see cref="AzureStorageTaskHub.ClientService"/>), whose storage calls are bounded, so a storage outage fails them
/// within seconds.
/// </summary>
public sealed partial class TaskHubDurableTaskClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] NonTerminal =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    private readonly AzureStorageTaskHub _hub;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;

    /// <summary>Created by <c>AddDurableTaskClient(b => b.UseTaskHub())</c>.</summary>
    public TaskHubDurableTaskClient(string name, AzureStorageTaskHub hub, IOptionsMonitor<DurableTaskClientOptions> options, TimeProvider time)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hub = hub;
        _converter = options.Get(name).DataConverter;
        _time = time;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Without <see cref="StartOrchestrationOptions.DedupeStatuses"/>, an instance that exists and has not finished makes
    /// this throw <see cref="OrchestrationAlreadyExistsException"/>; a finished one is replaced, as on Durable Functions.
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, _converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : null,
        };

        using var span = DurableTelemetry.Source.StartActivity($"create_orchestration:{orchestratorName.Name}", ActivityKind.Producer);
        if (span is { Id: { } spanId })
        {
            span.SetTag("durabletask.task.name", orchestratorName.Name);
            span.SetTag("durabletask.task.instance_id", instance.InstanceId);

            // DTFx starts the orchestration's own spans under this context, so the trace continues into every episode and activity.
            started.ParentTraceContext = new DistributedTraceContext(spanId, span.TraceStateString);
        }

        var dedupe = options?.DedupeStatuses is { Count: > 0 } statuses
            ? [.. statuses.Select(s => Enum.Parse<OrchestrationStatus>(s, ignoreCase: true))]
            : NonTerminal;
        cancellation.ThrowIfCancellationRequested();
        await _hub.ClientService.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, dedupe);
        return instance.InstanceId;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _hub.ClientService.ForceTerminateTaskOrchestrationAsync(instanceId, _converter.Serialize(options?.Output));
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);
    }

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        return _hub.ClientService.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = message,
        });
    }
}
