namespace Streamer.Durable.Worker;

/// <summary>
/// Worker limits. Property names match the <c>extensions.durableTask</c> section of <c>host.json</c>,
/// so that section binds directly.
/// </summary>
public sealed class DurableTaskWorkerOptions
{
    /// <summary>Activities run at once by this worker (Durable's default: 10 × processor count).</summary>
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestration episodes run at once by this worker (Durable's default: 10 × processor count).</summary>
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>How long shutdown waits for in-flight work before cancelling it; cancelled work is retried later.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running activity's lock is renewed.</summary>
    public TimeSpan ActivityLockRenewalInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many orchestrations are kept in memory between episodes so that new events are applied
    /// without replaying history (Durable's "extended sessions"). 0 disables the cache.
    /// </summary>
    public int MaxCachedOrchestrations { get; set; } = 1024;

    /// <summary>Delay before fetching again after a backend error.</summary>
    public TimeSpan FetchErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a limit is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivityFunctions, 1, nameof(MaxConcurrentActivityFunctions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestratorFunctions, 1, nameof(MaxConcurrentOrchestratorFunctions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedOrchestrations, 0, nameof(MaxCachedOrchestrations));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ActivityLockRenewalInterval, TimeSpan.Zero, nameof(ActivityLockRenewalInterval));
    }
}
