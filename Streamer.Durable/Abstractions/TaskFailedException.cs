namespace Streamer.Durable;

/// <summary>
/// Thrown into orchestrator code when an activity or sub-orchestration it awaited failed.
/// <see cref="FailureDetails"/> carries the original exception's type, message and stack trace.
/// </summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or sub-orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>The sequence number the task was scheduled with.</summary>
    public int TaskId { get; }

    /// <summary>What went wrong inside the task.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
