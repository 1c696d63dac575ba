using System.Diagnostics;

namespace Streamer.Durable.Telemetry;

/// <summary>
/// The engine's telemetry names. Spans are on <see cref="ActivitySource"/> <c>Streamer.Durable</c>: <c>create_orchestration</c> when a
/// client schedules an instance, <c>orchestration</c> for every episode a worker runs, and <c>activity</c> for every
/// activity execution. Each links to its starter through the <see cref="TraceContext"/> stored in the start or
/// schedule event, so one trace follows a request across hosts and restarts.
/// </summary>
public static class DurableTelemetry
{
    /// <summary>The activity source name to subscribe to (e.g. <c>AddSource(DurableTelemetry.SourceName)</c>).</summary>
    public const string SourceName = "Streamer.Durable";

    /// <summary>The worker's meter: episodes, replays, replayed events and activity executions.</summary>
    public const string MeterName = "Streamer.Durable";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartCreateOrchestration(string name, string instanceId)
    {
        var activity = Source.StartActivity($"create_orchestration:{name}", ActivityKind.Producer);
        activity?.SetTag(Tags.Type, "orchestration");
        activity?.SetTag(Tags.Name, name);
        activity?.SetTag(Tags.InstanceId, instanceId);
        return activity;
    }

    internal static Activity? StartOrchestration(string name, string instanceId, string? executionId, TraceContext? parent)
    {
        var activity = Start($"orchestration:{name}", parent);
        activity?.SetTag(Tags.Type, "orchestration");
        activity?.SetTag(Tags.Name, name);
        activity?.SetTag(Tags.InstanceId, instanceId);
        activity?.SetTag(Tags.ExecutionId, executionId);
        return activity;
    }

    internal static Activity? StartActivity(string name, string instanceId, int taskId, TraceContext? parent)
    {
        var activity = Start($"activity:{name}", parent);
        activity?.SetTag(Tags.Type, "activity");
        activity?.SetTag(Tags.Name, name);
        activity?.SetTag(Tags.InstanceId, instanceId);
        activity?.SetTag(Tags.TaskId, taskId);
        return activity;
    }

    /// <summary>Marks a span failed with the failure's type and message (never a stack trace: spans leave the process).</summary>
    internal static void SetFailed(Activity? activity, TaskFailureDetails failure)
    {
        activity?.SetStatus(ActivityStatusCode.Error, failure.ErrorMessage);
        activity?.SetTag("error.type", failure.ErrorType);
    }

    private static Activity? Start(string spanName, TraceContext? parent)
    {
        // Work items arrive from a queue, not from a caller in this process: the stored context is the only
        // parent, whatever happens to be ambient on the dispatcher's thread.
        var parentContext = parent is not null && parent.TryGetActivityContext(out var parsed) ? parsed : default;
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(spanName, ActivityKind.Server, parentContext);
        }
        finally
        {
            if (Activity.Current is null)
            {
                Activity.Current = previous;
            }
        }
    }

    /// <summary>Tag names, following the Durable Task SDKs' conventions.</summary>
    internal static class Tags
    {
        public const string Type = "durabletask.type";
        public const string Name = "durabletask.task.name";
        public const string InstanceId = "durabletask.task.instance_id";
        public const string ExecutionId = "durabletask.task.execution_id";
        public const string TaskId = "durabletask.task.task_id";
    }
}
