namespace Streamer.Activities.Cancellation;

/// <summary>
/// A chunk stopped because its request was cancelled. Distinct from other cancellations (an
/// <see cref="HttpClient"/> timeout inside a chunk, say), which are ordinary failures and are retried.
/// </summary>
public sealed class RequestCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception for a request's cancellation.</summary>
    public RequestCanceledException(string message, Exception innerException, CancellationToken token)
        : base(message, innerException, token)
    {
    }

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
