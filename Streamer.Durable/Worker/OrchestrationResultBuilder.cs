using Streamer.Durable.Backends;
using Streamer.Durable.Execution;
using Streamer.Durable.History;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Worker;

/// <summary>Turns an episode's outcome into the state and messages a backend commits.</summary>
internal static class OrchestrationResultBuilder
{
    /// <param name="start">The execution's start.</param>
    /// <param name="outcome">What the episode produced.</param>
    /// <param name="now">The episode's time.</param>
    /// <param name="trace">The trace context the activities and sub-orchestrations it schedules continue.</param>
    public static OrchestrationWorkItemResult Build(ExecutionStartedEvent start, ExecutionOutcome outcome, DateTimeOffset now, TraceContext? trace = null)
    {
        var self = start.Instance;
        var newEvents = new List<HistoryEvent>(outcome.NewEvents.Count);
        var activities = new List<TaskMessage>();
        var orchestrations = new List<TaskMessage>();
        foreach (var e in outcome.NewEvents)
        {
            var recorded = e is TaskScheduledEvent { Trace: null } untraced && trace is not null ? untraced with { Trace = trace } : e;
            newEvents.Add(recorded);
            switch (recorded)
            {
                case TaskScheduledEvent scheduled:
                    activities.Add(new TaskMessage(self, scheduled));
                    break;
                case TimerCreatedEvent timer:
                    orchestrations.Add(new TaskMessage(self, new TimerFiredEvent(timer.FireAt, timer.EventId, timer.FireAt)));
                    break;
                case SubOrchestrationInstanceCreatedEvent child:
                    var childInstance = new OrchestrationInstance(child.InstanceId, DerivedExecutionId(self, $"child-{child.EventId}"));
                    var parent = new ParentOrchestrationInstance(start.Name, self.InstanceId, self.ExecutionId!, child.EventId);
                    orchestrations.Add(new TaskMessage(childInstance, new ExecutionStartedEvent(now, child.Name, childInstance, child.Input, parent, Trace: trace)));
                    break;
                case EventSentEvent sent:
                    orchestrations.Add(new TaskMessage(new OrchestrationInstance(sent.InstanceId), new EventRaisedEvent(now, sent.Name, sent.Input)));
                    break;
            }
        }

        var status = outcome.Status;
        if (status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            var next = new OrchestrationInstance(self.InstanceId, DerivedExecutionId(self, "continue-as-new"));
            var carried = outcome.CarryOverEvents.Count > 0 ? outcome.CarryOverEvents : null;
            orchestrations.Add(new TaskMessage(next, new ExecutionStartedEvent(now, start.Name, next, outcome.Output, start.Parent, carried, start.Trace)));
        }
        else if (status.IsTerminal() && start.Parent is { } parent)
        {
            orchestrations.Add(new TaskMessage(
                new OrchestrationInstance(parent.InstanceId, parent.ExecutionId),
                NotifyParent(start, outcome, parent.TaskScheduledId, now)));
        }

        return new OrchestrationWorkItemResult
        {
            NewEvents = newEvents,
            ActivityMessages = activities,
            OrchestrationMessages = orchestrations,
            ResetHistory = status == OrchestrationRuntimeStatus.ContinuedAsNew,
            State = new OrchestrationMetadata
            {
                Name = start.Name,
                InstanceId = self.InstanceId,
                ExecutionId = self.ExecutionId!,
                RuntimeStatus = status,
                CreatedAt = start.Timestamp,
                LastUpdatedAt = now,
                SerializedInput = status == OrchestrationRuntimeStatus.ContinuedAsNew ? outcome.Output : start.Input,
                SerializedOutput = status == OrchestrationRuntimeStatus.ContinuedAsNew ? null : outcome.Output,
                SerializedCustomStatus = outcome.CustomStatus,
                FailureDetails = outcome.Failure,
                ParentInstanceId = start.Parent?.InstanceId,
            },
        };
    }

    /// <summary>
    /// Execution ids of started children and continuations are derived from this execution, so a
    /// re-run of an episode whose commit failed produces the same ids and its duplicate start messages are recognisable.
    /// </summary>
    private static string DerivedExecutionId(OrchestrationInstance self, string purpose)
        => DeterministicGuid.Create($"{self.InstanceId}/{self.ExecutionId}/{purpose}").ToString("N");

    private static HistoryEvent NotifyParent(ExecutionStartedEvent start, ExecutionOutcome outcome, int taskScheduledId, DateTimeOffset now)
        => outcome.Status switch
        {
            OrchestrationRuntimeStatus.Completed => new SubOrchestrationInstanceCompletedEvent(now, taskScheduledId, outcome.Output),
            OrchestrationRuntimeStatus.Terminated => new SubOrchestrationInstanceFailedEvent(now, taskScheduledId, new TaskFailureDetails(
                "Terminated", $"Sub-orchestration '{start.Name}' (instance '{start.Instance.InstanceId}') was terminated: {outcome.Output}")),
            _ => new SubOrchestrationInstanceFailedEvent(now, taskScheduledId, outcome.Failure
                ?? new TaskFailureDetails(outcome.Status.ToString(), $"Sub-orchestration '{start.Name}' ended as {outcome.Status}.")),
        };
}
