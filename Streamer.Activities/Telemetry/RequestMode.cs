namespace Streamer.Activities.Telemetry;

/// <summary>How a request ran.</summary>
public enum RequestMode
{
    /// <summary>Inline, answered with 200 and the output.</summary>
    Sync,

    /// <summary>Durably, answered with 202 and followed over SignalR.</summary>
    Async,
}
