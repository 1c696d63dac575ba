using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Execution;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Worker;

/// <summary>
/// Runs one orchestration work item: picks the current execution, drops stale and duplicate
/// messages, runs the orchestrator (from the session cache when possible) and builds the result.
/// </summary>
internal sealed class OrchestrationEpisodeRunner(
    DurableTaskRegistry registry,
    IServiceProvider services,
    DataConverter converter,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    OrchestrationSessionCache cache,
    DurableTaskWorkerMetrics metrics)
{
    public OrchestrationWorkItemResult Run(OrchestrationWorkItem workItem)
    {
        var now = time.GetUtcNow();
        var history = workItem.History;
        // An execution's history opens with OrchestratorStarted followed by ExecutionStarted.
        var start = history.Take(2).OfType<ExecutionStartedEvent>().FirstOrDefault();
        if (history.Count >= 2 && history[^2] is ExecutionCompletedEvent)
        {
            // Finished: whatever still arrives (late activity results, timers) is dropped.
            return Unchanged();
        }

        var isNew = start is null;
        start ??= workItem.NewMessages.Select(m => m.Event).OfType<ExecutionStartedEvent>().FirstOrDefault();
        if (start is null)
        {
            return Unchanged();
        }

        var executionId = start.Instance.ExecutionId!;
        var incoming = new List<HistoryEvent>(workItem.NewMessages.Count);
        if (isNew)
        {
            incoming.Add(start);
        }

        foreach (var message in workItem.NewMessages)
        {
            var stale = message.Target.ExecutionId is { } target && target != executionId;
            if (!stale && message.Event is not ExecutionStartedEvent)
            {
                incoming.Add(message.Event);
            }
        }

        var executor = cache.TryTake(workItem.InstanceId, executionId, history.Count);
        IReadOnlyList<HistoryEvent> past = [];
        if (executor is null)
        {
            if (!registry.TryGetOrchestrator(start.Name, out var factory))
            {
                return OrchestrationResultBuilder.Build(start, UnknownOrchestrator(start, isNew, now), now);
            }

            executor = new OrchestrationExecutor(factory(services), converter, loggerFactory);
            past = history;
            metrics.RecordReplay(history.Count);
        }

        var outcome = executor.Execute(past, incoming, now);
        var result = OrchestrationResultBuilder.Build(start, outcome, now);
        if (outcome.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
        {
            cache.Put(workItem.InstanceId, executionId, history.Count + outcome.NewEvents.Count, executor);
        }

        return result;
    }

    private static OrchestrationWorkItemResult Unchanged() => new() { NewEvents = [] };

    private static ExecutionOutcome UnknownOrchestrator(ExecutionStartedEvent start, bool isNew, DateTimeOffset now)
    {
        var failure = new TaskFailureDetails(
            typeof(InvalidOperationException).FullName!,
            $"No orchestrator named '{start.Name}' is registered with this worker. Register it with AddTasks(r => r.AddOrchestrator<...>()).");
        List<HistoryEvent> events = [new OrchestratorStartedEvent(now)];
        if (isNew)
        {
            events.Add(start);
        }

        events.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Failed, null, failure));
        events.Add(new OrchestratorCompletedEvent(now));
        return new ExecutionOutcome { NewEvents = events, Status = OrchestrationRuntimeStatus.Failed, Failure = failure };
    }
}
