namespace Streamer.Durable;

/// <summary>
/// How a failed activity or sub-orchestration is retried. Delays are durable timers, so a retry
/// schedule survives restarts. The delay before retry <c>n</c> (1-based) is
/// <c>min(FirstRetryInterval * BackoffCoefficient^(n-1), MaxRetryInterval)</c>.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Creates a retry policy.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the first retry; greater than zero.</param>
    /// <param name="backoffCoefficient">Multiplier applied per retry; at least 1.</param>
    /// <param name="maxRetryInterval">Upper bound for one delay; defaults to one hour.</param>
    /// <param name="retryTimeout">No retry is started once this much time has passed since the first attempt.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "maxRetryInterval must not be shorter than firstRetryInterval.");
        }

        if (retryTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "retryTimeout must be greater than zero.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Total attempts including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Multiplier applied to the delay after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Upper bound for one delay.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Overall budget for retrying, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is worth retrying (an exception filter). Returns true for every
    /// failure by default; use <see cref="TaskFailureDetails.IsCausedBy{TException}"/> to narrow it.
    /// </summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = static _ => true;

    /// <summary>The delay before retry number <paramref name="retryNumber"/> (1-based).</summary>
    public TimeSpan GetDelay(int retryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retryNumber - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
