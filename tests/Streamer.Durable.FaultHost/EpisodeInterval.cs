namespace Streamer.Durable.FaultHost;

/// <summary>One lock of an instance by one host, from an episode log; <see cref="End"/> is null when the host never released it.</summary>
public sealed record EpisodeInterval(string HostId, long Sequence, string InstanceId, long Begin, long? End, string? Outcome)
{
    /// <summary>True when both intervals hold the same instance and share a moment (open ends count as <paramref name="openUntil"/>).</summary>
    public bool Overlaps(EpisodeInterval other, long openUntil)
    {
        ArgumentNullException.ThrowIfNull(other);
        return InstanceId == other.InstanceId
            && Begin < (other.End ?? openUntil)
            && other.Begin < (End ?? openUntil);
    }
}
