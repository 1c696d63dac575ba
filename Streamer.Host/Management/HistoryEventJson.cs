using System.Globalization;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Streamer.Host.Management;

/// <summary>
/// Renders history the way Durable Functions' <c>showHistory</c> does: PascalCase fields named after the
/// Durable Task history events, episode markers (<c>OrchestratorStarted</c>/<c>Completed</c>) left out, and each
/// <c>TaskScheduled</c> or <c>SubOrchestrationInstanceCreated</c> folded into the event that completed it
/// (which gains <c>FunctionName</c> and <c>ScheduledTime</c>). Results appear only with <c>showHistoryOutput</c>,
/// inputs only with <c>showInput</c>. Failure details carry the error type and message, never the stack trace.
/// </summary>
internal static class HistoryEventJson
{
    public static JsonArray Map(IList<HistoryEvent> history, bool showHistoryOutput, bool showInput)
    {
        // Scheduling events that a completion refers to are merged into it and not listed themselves.
        var scheduled = new Dictionary<int, HistoryEvent>();
        foreach (var e in history)
        {
            if (e is TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent)
            {
                scheduled[e.EventId] = e;
            }
        }

        var completedIds = history.Select(CompletedTaskId).OfType<int>().ToHashSet();
        var items = new JsonArray();
        foreach (var e in history)
        {
            if (e is OrchestratorStartedEvent or OrchestratorCompletedEvent
                || (e is TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent && completedIds.Contains(e.EventId)))
            {
                continue;
            }

            var item = new JsonObject { ["EventType"] = e.EventType.ToString(), ["Timestamp"] = Time(e.Timestamp) };
            switch (e)
            {
                case ExecutionStartedEvent started:
                    item["FunctionName"] = started.Name;
                    AddInput(item, started.Input, showInput);
                    break;
                case ExecutionCompletedEvent completed:
                    item["OrchestrationStatus"] = completed.OrchestrationStatus.ToString();
                    AddResult(item, completed.Result, showHistoryOutput);
                    AddFailure(item, completed.FailureDetails);
                    break;
                case ExecutionTerminatedEvent terminated:
                    AddInput(item, terminated.Input, showInput);
                    break;
                case ExecutionSuspendedEvent suspended:
                    item["Reason"] = suspended.Reason;
                    break;
                case ExecutionResumedEvent resumed:
                    item["Reason"] = resumed.Reason;
                    break;
                case TaskScheduledEvent task:
                    item["Name"] = task.Name;
                    AddInput(item, task.Input, showInput);
                    break;
                case TaskCompletedEvent done:
                    AddScheduled(item, scheduled.GetValueOrDefault(done.TaskScheduledId), showInput);
                    AddResult(item, done.Result, showHistoryOutput);
                    break;
                case TaskFailedEvent failed:
                    AddScheduled(item, scheduled.GetValueOrDefault(failed.TaskScheduledId), showInput);
                    AddFailure(item, failed.FailureDetails);
                    break;
                case SubOrchestrationInstanceCreatedEvent child:
                    item["Name"] = child.Name;
                    item["InstanceId"] = child.InstanceId;
                    AddInput(item, child.Input, showInput);
                    break;
                case SubOrchestrationInstanceCompletedEvent childDone:
                    AddScheduled(item, scheduled.GetValueOrDefault(childDone.TaskScheduledId), showInput);
                    AddResult(item, childDone.Result, showHistoryOutput);
                    break;
                case SubOrchestrationInstanceFailedEvent childFailed:
                    AddScheduled(item, scheduled.GetValueOrDefault(childFailed.TaskScheduledId), showInput);
                    AddFailure(item, childFailed.FailureDetails);
                    break;
                case TimerCreatedEvent timer:
                    item["FireAt"] = Time(timer.FireAt);
                    break;
                case TimerFiredEvent fired:
                    item["FireAt"] = Time(fired.FireAt);
                    break;
                case EventRaisedEvent raised:
                    item["Name"] = raised.Name;
                    AddInput(item, raised.Input, showInput);
                    break;
                case EventSentEvent sent:
                    item["InstanceId"] = sent.InstanceId;
                    item["Name"] = sent.Name;
                    AddInput(item, sent.Input, showInput);
                    break;
            }

            items.Add(item);
        }

        return items;
    }

    private static int? CompletedTaskId(HistoryEvent e) => e switch
    {
        TaskCompletedEvent done => done.TaskScheduledId,
        TaskFailedEvent failed => failed.TaskScheduledId,
        SubOrchestrationInstanceCompletedEvent done => done.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent failed => failed.TaskScheduledId,
        _ => null,
    };

    private static void AddScheduled(JsonObject item, HistoryEvent? scheduled, bool showInput)
    {
        switch (scheduled)
        {
            case TaskScheduledEvent task:
                item["FunctionName"] = task.Name;
                item["ScheduledTime"] = Time(task.Timestamp);
                AddInput(item, task.Input, showInput);
                break;
            case SubOrchestrationInstanceCreatedEvent child:
                item["FunctionName"] = child.Name;
                item["InstanceId"] = child.InstanceId;
                item["ScheduledTime"] = Time(child.Timestamp);
                AddInput(item, child.Input, showInput);
                break;
        }
    }

    private static void AddInput(JsonObject item, string? input, bool showInput)
    {
        if (showInput)
        {
            item["Input"] = ManagementJson.Parse(input);
        }
    }

    private static void AddResult(JsonObject item, string? result, bool showHistoryOutput)
    {
        if (showHistoryOutput)
        {
            item["Result"] = ManagementJson.Parse(result);
        }
    }

    private static void AddFailure(JsonObject item, FailureDetails? failure)
    {
        if (failure is null)
        {
            return;
        }

        item["Reason"] = failure.ErrorMessage;
        item["FailureDetails"] = Describe(failure);
    }

    private static JsonObject Describe(FailureDetails failure)
    {
        var details = new JsonObject { ["ErrorType"] = failure.ErrorType, ["ErrorMessage"] = failure.ErrorMessage };
        if (failure.InnerFailure is { } inner)
        {
            details["InnerFailure"] = Describe(inner);
        }

        return details;
    }

    private static string Time(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
