namespace Streamer.Durable;

/// <summary>Options for scheduling an activity or sub-orchestration.</summary>
/// <param name="Retry">Retry policy applied to failures; none when null.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options that retry with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}
