namespace Streamer.Activities.Tasks;

/// <summary>
/// A step of a request (planning, a chunk, finalizing) failed, for a reason that is not the client's. Its message is
/// written for the request's owner: it says which step failed and, for an unexpected exception, the trace id under
/// which the host logged it, but never the exception's own text, which may hold anything (connection strings, data of
/// another request, internals). Retried like any failure, per the action's policy.
/// </summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception with a message for the request's owner.</summary>
    public StepFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the request's owner and the cause, which is logged, not shown.</summary>
    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StepFailedException()
        : base("A step of the request failed.")
    {
    }
}
