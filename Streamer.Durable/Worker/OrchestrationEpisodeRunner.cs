using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Execution;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;
using Streamer.Durable.Telemetry;

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
    /// <summary>Runs the episode. Call <see cref="Discard"/> if the backend does not store the result.</summary>
    public Episode Run(OrchestrationWorkItem workItem)
    {
        var now = time.GetUtcNow();
        if (!TryGetExecution(workItem, out var start, out var isNew))
        {
            return new Episode(new OrchestrationWorkItemResult { NewEvents = [] });
        }

        var executionId = start.Instance.ExecutionId!;
        var incoming = new List<HistoryEvent>(workItem.NewMessages.Count + 1);
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

        using var span = DurableTelemetry.StartOrchestration(start.Name, workItem.InstanceId, executionId, start.Trace);
        // The episode's own span is the parent of what it schedules; without one, the starter's context passes through.
        var trace = TraceContext.From(span) ?? start.Trace;
        var history = workItem.History;
        var executor = cache.TryTake(workItem.InstanceId, executionId, history.Count);
        IReadOnlyList<HistoryEvent> past = [];
        if (executor is null)
        {
            if (!registry.TryGetOrchestrator(start.Name, out var factory))
            {
                var unknown = new TaskFailureDetails(
                    typeof(InvalidOperationException).FullName!,
                    $"No orchestrator named '{start.Name}' is registered with this worker. Register it with AddTasks(r => r.AddOrchestrator<...>()).");
                DurableTelemetry.SetFailed(span, unknown);
                return new Episode(OrchestrationResultBuilder.Build(start, Failed(start, isNew, unknown, now), now, trace));
            }

            executor = new OrchestrationExecutor(factory(services), converter, loggerFactory);
            past = history;
            metrics.RecordReplay(history.Count);
        }

        var outcome = executor.Execute(past, incoming, now);
        span?.SetTag("durabletask.runtime_status", outcome.Status.ToString());
        if (outcome.Failure is { } failure)
        {
            DurableTelemetry.SetFailed(span, failure);
        }

        var keep = outcome.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
        if (!keep)
        {
            return new Episode(OrchestrationResultBuilder.Build(start, outcome, now, trace));
        }

        // Cached before the commit so the instance's next episode (which can start the moment the
        // commit releases the lock) finds it. Its history count only matches storage once committed.
        var session = new CachedSession(workItem.InstanceId, executionId, history.Count + outcome.NewEvents.Count, executor);
        cache.Put(session.InstanceId, session.ExecutionId, session.HistoryCount, session.Executor);
        return new Episode(OrchestrationResultBuilder.Build(start, outcome, now, trace), session);
    }

    /// <summary>Forgets the live orchestrator of an episode whose result was not stored.</summary>
    public void Discard(Episode episode)
    {
        if (episode.Session is { } s)
        {
            cache.Remove(s.InstanceId, s.Executor);
        }
    }

    /// <summary>Ends the current execution as Failed, for a work item that keeps failing or was poisoned.</summary>
    public OrchestrationWorkItemResult Poisoned(OrchestrationWorkItem workItem, string reason)
    {
        if (!TryGetExecution(workItem, out var start, out var isNew))
        {
            return new OrchestrationWorkItemResult { NewEvents = [] };
        }

        var now = time.GetUtcNow();
        var failure = new TaskFailureDetails("PoisonMessage", reason);
        return OrchestrationResultBuilder.Build(start, Failed(start, isNew, failure, now), now);
    }

    /// <summary>Finds the execution the messages belong to; false when it is finished or never started (messages are then dropped).</summary>
    private static bool TryGetExecution(OrchestrationWorkItem workItem, out ExecutionStartedEvent start, out bool isNew)
    {
        var history = workItem.History;

        // An execution's history opens with OrchestratorStarted then ExecutionStarted, and closes with ExecutionCompleted then OrchestratorCompleted.
        var recorded = history.Take(2).OfType<ExecutionStartedEvent>().FirstOrDefault();
        var finished = history.Count >= 2 && history[^2] is ExecutionCompletedEvent;
        isNew = recorded is null;
        start = recorded ?? workItem.NewMessages.Select(m => m.Event).OfType<ExecutionStartedEvent>().FirstOrDefault()!;
        return start is not null && !finished;
    }

    private static ExecutionOutcome Failed(ExecutionStartedEvent start, bool isNew, TaskFailureDetails failure, DateTimeOffset now)
    {
        List<HistoryEvent> events = [new OrchestratorStartedEvent(now)];
        if (isNew)
        {
            events.Add(start);
        }

        events.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Failed, null, failure));
        events.Add(new OrchestratorCompletedEvent(now));
        return new ExecutionOutcome { NewEvents = events, Status = OrchestrationRuntimeStatus.Failed, Failure = failure };
    }

    /// <summary>An episode's result, and the live orchestrator to cache once it is committed.</summary>
    internal sealed record Episode(OrchestrationWorkItemResult Result, CachedSession? Session = null);

    internal sealed record CachedSession(string InstanceId, string ExecutionId, int HistoryCount, OrchestrationExecutor Executor);
}
