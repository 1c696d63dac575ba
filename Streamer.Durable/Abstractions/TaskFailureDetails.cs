namespace Streamer.Durable;

/// <summary>
/// A serializable description of an exception that ended an activity, sub-orchestration or orchestration.
/// Exceptions themselves do not survive a trip through storage, so their type name, message and stack
/// trace are kept instead.
/// </summary>
/// <param name="ErrorType">The full type name of the original exception.</param>
/// <param name="ErrorMessage">The original exception's message.</param>
/// <param name="StackTrace">The original stack trace, when there was one.</param>
/// <param name="InnerFailure">The failure that caused this one, if any.</param>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Captures an exception (and its inner exceptions) as failure details.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException taskFailed)
        {
            // Keep the whole causal chain: the orchestration failed because a task failed.
            return new TaskFailureDetails(
                typeof(TaskFailedException).FullName!,
                taskFailed.Message,
                taskFailed.StackTrace,
                taskFailed.FailureDetails);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null);
    }

    /// <summary>
    /// True when this failure, or one it wraps, was caused by an exception of type
    /// <typeparamref name="TException"/>, or of a type derived from it when <see cref="Type.GetType(string)"/>
    /// can load the recorded type (types of the core library and of Streamer.Durable). For your own
    /// exception hierarchy, match the exact type you throw.
    /// </summary>
    public bool IsCausedBy<TException>() where TException : Exception
    {
        for (TaskFailureDetails? failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(TException).FullName)
            {
                return true;
            }

            var loaded = Type.GetType(failure.ErrorType, throwOnError: false);
            if (loaded is not null && typeof(TException).IsAssignableFrom(loaded))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
