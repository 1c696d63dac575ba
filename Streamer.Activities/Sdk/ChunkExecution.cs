namespace Streamer.Activities.Sdk;

/// <summary>How the generic orchestrator runs a handler's chunks.</summary>
/// <param name="MaxParallelism">1 runs chunks one after another; more runs up to that many at once (bounded fan-out).</param>
/// <param name="MaxAttempts">Attempts per chunk, including the first; a chunk is retried when it throws.</param>
/// <param name="FirstRetryInterval">The wait before the first retry; doubled for each later one.</param>
public sealed record ChunkExecution(int MaxParallelism, int MaxAttempts, TimeSpan FirstRetryInterval)
{
    /// <summary>One chunk at a time, three attempts each, retried after 1 s then 2 s.</summary>
    public static ChunkExecution Sequential { get; } = new(1, 3, TimeSpan.FromSeconds(1));

    /// <summary>Up to <paramref name="maxParallelism"/> chunks at once, with the same retries as <see cref="Sequential"/>.</summary>
    public static ChunkExecution Parallel(int maxParallelism) => Sequential with { MaxParallelism = maxParallelism };
}
