using System.Diagnostics;

namespace Streamer.Durable.Telemetry;

/// <summary>The names under which the runner publishes traces and metrics.</summary>
public static class DurableTelemetry
{
    /// <summary>The client's spans (<c>create_orchestration:{name}</c>) and the task hub meter.</summary>
    public const string SourceName = "Streamer.Durable";

    /// <summary>DTFx's own spans: one per orchestration episode, activity, timer and event (<c>orchestration:{name}</c>, <c>activity:{name}</c>).</summary>
    public const string FrameworkSourceName = "DurableTask.Core";

    internal static ActivitySource Source { get; } = new(SourceName);
}
