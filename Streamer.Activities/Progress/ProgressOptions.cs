namespace Streamer.Activities.Progress;

/// <summary>Settings for progress delivery (configuration section <c>Streamer:Progress</c>).</summary>
public sealed class ProgressOptions
{
    /// <summary>At most one progress message per request per interval is sent, always the latest; 100 ms by default (10/s).</summary>
    public TimeSpan ThrottleInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
