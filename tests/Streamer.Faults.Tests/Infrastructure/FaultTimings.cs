namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>The task hub timings the fault tests give their hosts (see <see cref="HostProcess.Settings"/>).</summary>
internal static class FaultTimings
{
    /// <summary>A partition lease lasts this long without renewal (DTFx's default is 30 s).</summary>
    public static TimeSpan LeaseInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a host's table partition manager reads, renews and claims leases.</summary>
    public static TimeSpan LeaseAcquireInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a dequeued control-queue message stays invisible: what a killed host had fetched reappears after this
    /// (DTFx's default is 5 min). A host does not renew the messages it buffers, so under load a shorter timeout makes
    /// them reappear while still queued in memory, which shows up as duplicate fetches and pop-receipt mismatches.
    /// </summary>
    public static TimeSpan ControlQueueVisibilityTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued activity message stays invisible; a running activity's message is renewed, so a killed host's reappear after this.</summary>
    public static TimeSpan WorkItemVisibilityTimeout { get; } = TimeSpan.FromSeconds(30);
}
