using System.Diagnostics;

namespace Streamer.Durable.Telemetry;

/// <summary>
/// A W3C trace context (<c>traceparent</c> and <c>tracestate</c>) carried inside engine messages, so that
/// the spans of an orchestration and its activities join the trace of whatever started it, on any host.
/// </summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> header value, e.g. <c>00-{trace id}-{span id}-01</c>.</param>
/// <param name="TraceState">The W3C <c>tracestate</c> header value, when there is one.</param>
public sealed record TraceContext(string TraceParent, string? TraceState = null)
{
    /// <summary>The context of <paramref name="activity"/>, or null when there is none.</summary>
    public static TraceContext? From(Activity? activity)
        => activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null
            ? null
            : new TraceContext(activity.Id, activity.TraceStateString);

    /// <summary>Parses the context into a parent for new spans; false when it is malformed.</summary>
    public bool TryGetActivityContext(out ActivityContext context)
        => ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out context);
}
