namespace Streamer.Durable.FaultHost;

/// <summary>A host's episode log: its orchestration lock intervals and the activities it locked.</summary>
public sealed record EpisodeLogContents(string HostId, IReadOnlyList<EpisodeInterval> Intervals, IReadOnlyList<ActivityLock> Activities)
{
    /// <summary>Episodes whose lock was released after a successful commit.</summary>
    public int CompletedCount => Intervals.Count(i => i.Outcome == EpisodeLoggingBackend.Completed);

    /// <summary>Intervals with no END line.</summary>
    public IEnumerable<EpisodeInterval> Open => Intervals.Where(i => i.End is null);
}
