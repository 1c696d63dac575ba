namespace Streamer.Activities.Tasks;

/// <summary>Limits for running one chunk (the Streamer host binds <see cref="Timeout"/> from host.json's <c>functionTimeout</c>).</summary>
public sealed class ChunkOptions
{
    /// <summary>A chunk still running after this long is stopped and fails with a <see cref="TimeoutException"/> (then retried per the action's policy).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);
}
