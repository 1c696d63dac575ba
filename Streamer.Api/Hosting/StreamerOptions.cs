namespace Streamer.Api.Hosting;

/// <summary>App settings for the Streamer API (configuration section <c>Streamer</c>; <c>Streamer__SyncThreshold</c> etc. in local.settings.json).</summary>
public sealed class StreamerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Streamer";

    /// <summary>Actions estimated to finish faster than this run inline and answer 200; a sync action that overruns it answers 504 <c>TIMEOUT</c>.</summary>
    public TimeSpan SyncThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest accepted payload, in bytes of JSON (1 MB by default); larger requests answer 413.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Starts allowed per user per <see cref="RateLimitWindow"/>; more answer 429 <c>RATE_LIMITED</c>.</summary>
    public int RateLimitPermits { get; set; } = 60;

    /// <summary>The rate limit's window.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Reads (status, list, the hub's <c>Subscribe</c>) allowed per user per <see cref="ReadRateLimitWindow"/>; more answer
    /// 429 <c>RATE_LIMITED</c>. 1,200 a minute lets a client poll twenty requests every second.
    /// </summary>
    public int ReadRateLimitPermits { get; set; } = 1200;

    /// <summary>The read limit's window.</summary>
    public TimeSpan ReadRateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a finished request (its output, error and history) is kept before it is deleted; 24 h by default.</summary>
    public TimeSpan RequestRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each host looks for finished requests past <see cref="RequestRetention"/>.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The <c>Retry-After</c> sent with 202 answers while a request runs.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
