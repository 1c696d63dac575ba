namespace Streamer.Activities.Sdk;

/// <summary>
/// Thrown by a handler when a payload that passed validation turns out to be unusable once the work
/// starts (for example, it names a data set that does not exist). The request fails with code
/// <c>VALIDATION</c> and this message, and the chunk is not retried.
/// </summary>
public sealed class PayloadRejectedException : Exception
{
    /// <summary>Creates the exception with an actionable message naming the field.</summary>
    public PayloadRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an actionable message and its cause.</summary>
    public PayloadRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public PayloadRejectedException()
        : base("The payload was rejected.")
    {
    }
}
