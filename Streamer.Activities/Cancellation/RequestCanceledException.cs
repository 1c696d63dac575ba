namespace Streamer.Activities.Cancellation;

/// <summary>
/// A request was cancelled: a chunk stopped because of it, and the request orchestrator ends with it. Distinct from
/// other cancellations (an <see cref="HttpClient"/> timeout inside a chunk, say), which are ordinary failures and are
/// retried. Deliberately not an <see cref="OperationCanceledException"/>: an async orchestrator or activity that throws
/// one ends as a cancelled task, which durabletask-dotnet reports as an opaque failure instead of this type.
/// </summary>
public sealed class RequestCanceledException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public RequestCanceledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RequestCanceledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public RequestCanceledException()
        : base("The request was canceled.")
    {
    }
}
