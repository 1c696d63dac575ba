using Microsoft.Extensions.Logging;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Execution;

/// <summary>
/// Runs one execution of an orchestrator by replaying its history and then applying new events.
/// An executor can be kept between episodes: later episodes then pass only the new events, so a
/// fan-in of N results costs O(N) in total rather than N replays of a growing history.
/// </summary>
internal sealed class OrchestrationExecutor
{
    private readonly ITaskOrchestrator _orchestrator;
    private readonly DataConverter _converter;
    private readonly OrchestrationSynchronizationContext _syncContext = new();
    private readonly OrchestrationRuntimeContext _context;
    private readonly List<HistoryEvent> _deferredWhileSuspended = [];
    private Task<object?>? _orchestratorTask;
    private ExecutionOutcome? _completion;
    private bool _suspended;

    public OrchestrationExecutor(ITaskOrchestrator orchestrator, DataConverter converter, ILoggerFactory loggerFactory)
    {
        _orchestrator = orchestrator;
        _converter = converter;
        _context = new OrchestrationRuntimeContext(converter, loggerFactory, _syncContext);
    }

    /// <summary>Replays <paramref name="past"/> (events already in history and not yet applied by this executor), then applies <paramref name="newEvents"/>.</summary>
    public ExecutionOutcome Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents, DateTimeOffset now)
    {
        var appended = new List<HistoryEvent>(newEvents.Count + 4);
        using (_syncContext.Enter())
        {
            try
            {
                _context.IsReplayingCore = true;
                foreach (var recorded in past)
                {
                    Apply(recorded, replaying: true);
                }

                _context.IsReplayingCore = false;
                var started = new OrchestratorStartedEvent(now);
                Apply(started, replaying: false);
                appended.Add(started);

                var carryOver = new List<HistoryEvent>();
                foreach (var incoming in newEvents)
                {
                    if (_completion is not null)
                    {
                        AfterCompletion(incoming, appended, carryOver);
                        continue;
                    }

                    if (Apply(incoming, replaying: false))
                    {
                        appended.Add(incoming);
                    }
                }

                CheckForForeignAwaits();
                if (_completion?.Status != OrchestrationRuntimeStatus.Terminated)
                {
                    // A terminated execution sends nothing it scheduled in its last episode.
                    appended.AddRange(_context.PendingActions);
                }

                _context.ClearPendingActions();
                return Finish(appended, carryOver, now);
            }
            catch (NonDeterministicOrchestrationException ex)
            {
                _completion = new ExecutionOutcome
                {
                    NewEvents = [],
                    Status = OrchestrationRuntimeStatus.Failed,
                    Failure = TaskFailureDetails.FromException(ex),
                };
                appended.RemoveAll(e => e.EventType is not (HistoryEventType.OrchestratorStarted or HistoryEventType.ExecutionStarted));
                return Finish(appended, [], now);
            }
        }
    }

    /// <summary>
    /// Handles a message that arrives in the same batch after the execution ended. A terminate still
    /// wins over continue-as-new (it was accepted, so it must not be lost); events and suspend/resume
    /// requests travel to the next generation; everything else is moot.
    /// </summary>
    private void AfterCompletion(HistoryEvent incoming, List<HistoryEvent> appended, List<HistoryEvent> carryOver)
    {
        if (_completion!.Status != OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            return;
        }

        switch (incoming)
        {
            case ExecutionTerminatedEvent terminated:
                _completion = null;
                Complete(OrchestrationRuntimeStatus.Terminated, terminated.Reason, failure: null);
                appended.Add(incoming);
                break;
            case EventRaisedEvent when _context.ContinueAsNewRequest!.PreserveUnprocessedEvents:
            case ExecutionSuspendedEvent or ExecutionResumedEvent:
                carryOver.Add(incoming);
                break;
        }
    }

    private ExecutionOutcome Finish(List<HistoryEvent> appended, List<HistoryEvent> carryOver, DateTimeOffset now)
    {
        if (_completion is { } done)
        {
            appended.Add(new ExecutionCompletedEvent(now, done.Status, done.Output, done.Failure));
        }

        appended.Add(new OrchestratorCompletedEvent(now));
        var outcome = _completion ?? new ExecutionOutcome
        {
            NewEvents = [],
            Status = _suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
        };

        IReadOnlyList<HistoryEvent> carried = outcome.Status != OrchestrationRuntimeStatus.ContinuedAsNew ? []
            : _context.ContinueAsNewRequest!.PreserveUnprocessedEvents ? [.. _context.UnconsumedEvents, .. carryOver]
            : carryOver;
        return outcome with { NewEvents = appended, CustomStatus = _context.SerializedCustomStatus, CarryOverEvents = carried };
    }

    /// <summary>Applies one event; returns false when it is a duplicate or stale and must not be recorded.</summary>
    private bool Apply(HistoryEvent historyEvent, bool replaying)
    {
        var applied = historyEvent switch
        {
            OrchestratorStartedEvent started => SetTime(started),
            OrchestratorCompletedEvent or ExecutionCompletedEvent => true,
            ExecutionStartedEvent start => StartOrchestrator(start),
            ExecutionTerminatedEvent terminated => Complete(OrchestrationRuntimeStatus.Terminated, terminated.Reason, failure: null),
            ExecutionSuspendedEvent => Suspend(),
            ExecutionResumedEvent => Resume(),
            TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent or EventSentEvent when replaying => MatchRecorded(historyEvent),
            _ when _suspended => Defer(historyEvent),
            _ => Deliver(historyEvent),
        };

        _syncContext.Drain();
        CheckForCompletion();
        return applied;
    }

    private bool SetTime(OrchestratorStartedEvent started)
    {
        _context.SetCurrentUtc(started.Timestamp);
        return true;
    }

    private bool MatchRecorded(HistoryEvent recorded)
    {
        _context.MatchRecordedAction(recorded);
        return true;
    }

    private bool StartOrchestrator(ExecutionStartedEvent start)
    {
        if (_orchestratorTask is not null)
        {
            return false;
        }

        _context.SetStart(start);
        try
        {
            var input = _converter.Deserialize(start.Input, _orchestrator.InputType);
            _orchestratorTask = _orchestrator.RunAsync(_context, input);
        }
        catch (Exception ex)
        {
            _orchestratorTask = Task.FromException<object?>(ex);
        }

        foreach (var carried in start.CarriedEvents ?? [])
        {
            _syncContext.Drain();
            Apply(carried, replaying: false);
        }

        return true;
    }

    private bool Suspend()
    {
        _suspended = _orchestratorTask is not null;
        return true;
    }

    private bool Resume()
    {
        _suspended = false;
        var deferred = _deferredWhileSuspended.ToList();
        _deferredWhileSuspended.Clear();
        foreach (var held in deferred)
        {
            Deliver(held);
            _syncContext.Drain();
        }

        return true;
    }

    private bool Defer(HistoryEvent held)
    {
        if (ResultTaskId(held) is { } taskId && (!_context.IsOpen(taskId) || _deferredWhileSuspended.Any(d => ResultTaskId(d) == taskId)))
        {
            return false;
        }

        _deferredWhileSuspended.Add(held);
        return true;
    }

    private bool Deliver(HistoryEvent incoming)
    {
        switch (incoming)
        {
            case TaskCompletedEvent completed:
                return _context.TryComplete(completed.TaskScheduledId, completed.Result);
            case TaskFailedEvent failed:
                return _context.TryFail(failed.TaskScheduledId, failed.FailureDetails);
            case SubOrchestrationInstanceCompletedEvent completed:
                return _context.TryComplete(completed.TaskScheduledId, completed.Result);
            case SubOrchestrationInstanceFailedEvent failed:
                return _context.TryFail(failed.TaskScheduledId, failed.FailureDetails);
            case TimerFiredEvent fired:
                return _context.TryComplete(fired.TimerId, null);
            case EventRaisedEvent raised:
                _context.DeliverEvent(raised);
                return true;
            default:
                // Scheduling events only ever come from history, never as messages.
                return false;
        }
    }

    private static int? ResultTaskId(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => c.TaskScheduledId,
        TaskFailedEvent f => f.TaskScheduledId,
        SubOrchestrationInstanceCompletedEvent c => c.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent f => f.TaskScheduledId,
        TimerFiredEvent t => t.TimerId,
        _ => null,
    };

    private void CheckForCompletion()
    {
        if (_completion is not null || _orchestratorTask is not { IsCompleted: true } task)
        {
            return;
        }

        if (_syncContext.Violation is { } violation)
        {
            throw ForeignAwait(violation);
        }

        if (task.IsCompletedSuccessfully)
        {
            if (_context.ContinueAsNewRequest is { } next)
            {
                Complete(OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, failure: null);
                return;
            }

            string? output;
            try
            {
                output = _converter.Serialize(task.Result);
            }
            catch (Exception ex)
            {
                Complete(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
                return;
            }

            Complete(OrchestrationRuntimeStatus.Completed, output, failure: null);
            return;
        }

        var exception = task.IsCanceled ? new OperationCanceledException("The orchestrator was canceled.") : task.Exception!.InnerException!;
        if (exception is NonDeterministicOrchestrationException nonDeterministic)
        {
            throw nonDeterministic;
        }

        var status = exception is OperationCanceledException ? OrchestrationRuntimeStatus.Canceled : OrchestrationRuntimeStatus.Failed;
        Complete(status, null, TaskFailureDetails.FromException(exception));
    }

    private bool Complete(OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure)
    {
        _completion ??= new ExecutionOutcome { NewEvents = [], Status = status, Output = output, Failure = failure };
        return true;
    }

    private void CheckForForeignAwaits()
    {
        if (_syncContext.Violation is { } violation)
        {
            throw ForeignAwait(violation);
        }

        if (_completion is null && _orchestratorTask is { IsCompleted: false } && !_suspended && !_context.HasOutstandingWork)
        {
            throw ForeignAwait("it is awaiting a task the orchestration context did not create, so it can never resume");
        }
    }

    private NonDeterministicOrchestrationException ForeignAwait(string what)
        => new($"Non-deterministic orchestrator '{_context.Name}' (instance '{_context.InstanceId}'): {what}. "
            + "Orchestrators may only await tasks from TaskOrchestrationContext (activities, sub-orchestrations, CreateTimer, WaitForExternalEvent) "
            + "and Task.WhenAll/WhenAny over them; use CreateTimer instead of Task.Delay and an activity instead of Task.Run or I/O.");
}
