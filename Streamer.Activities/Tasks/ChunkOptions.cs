namespace Streamer.Activities.Tasks;

/// <summary>
/// Limits for running chunks (bound from <c>Streamer:Chunks</c>; the Streamer host binds <see cref="Timeout"/> from host.json's
/// <c>functionTimeout</c>).
/// </summary>
public sealed class ChunkOptions
{
    /// <summary>The fewest chunks per segment.</summary>
    public const int MinChunksPerSegment = 1;

    /// <summary>The most chunks per segment.</summary>
    public const int MaxChunksPerSegment = 1000;

    /// <summary>A chunk still running after this long is stopped and fails with a <see cref="TimeoutException"/> (then retried per the action's policy).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many chunks one execution of a request's orchestration runs before it continues as new (100 by default,
    /// 1–1,000): the bound on its history, and so on what a host replays after a restart (docs/cost.md). Read when a
    /// request is planned; a running request keeps its own.
    /// </summary>
    public int ChunksPerSegment { get; set; } = 100;
}
