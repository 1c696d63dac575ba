namespace Streamer.Activities.RequestData;

/// <summary>How a host holds request data in memory (bound from <c>Streamer:RequestData</c>).</summary>
public sealed class RequestDataOptions
{
    /// <summary>
    /// The most memory the host's payload cache may hold, in bytes (64 MiB by default). A payload is counted at three times
    /// its UTF-8 size, for its parsed JSON and the handler's typed copy; one that does not fit is read for each chunk instead.
    /// </summary>
    public long PayloadCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a cached payload stays after its last use (10 minutes by default).</summary>
    public TimeSpan PayloadCacheIdleTime { get; set; } = TimeSpan.FromMinutes(10);
}
