using System.Diagnostics.Metrics;

namespace Streamer.Activities.Telemetry;

/// <summary>
/// Request and progress metrics on meter <c>Streamer</c>. Request counters and the duration histogram are tagged with
/// <c>streamer.action</c> and <c>streamer.mode</c> (<c>sync</c>: answered inline with 200; <c>async</c>: ran durably);
/// failures also with <c>error.code</c>. Outcomes of durable requests are recorded by the notify activity, which the
/// engine runs at least once, so after a crash an outcome can be counted twice.
/// </summary>
public sealed class RequestMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Streamer";

    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _canceled;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _progressMessages;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public RequestMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _started = meter.CreateCounter<long>("streamer.requests.started", "{request}", "Requests accepted, by action and mode.");
        _completed = meter.CreateCounter<long>("streamer.requests.completed", "{request}", "Requests that completed with an output.");
        _failed = meter.CreateCounter<long>("streamer.requests.failed", "{request}", "Requests that failed, by error code.");
        _canceled = meter.CreateCounter<long>("streamer.requests.canceled", "{request}", "Requests canceled by their owner.");
        _duration = meter.CreateHistogram(
            "streamer.request.duration",
            "s",
            "Time from accepting a request to its outcome, by action, mode and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        _progressMessages = meter.CreateCounter<long>("streamer.progress.messages", "{message}", "Progress messages sent to clients.");
    }

    /// <summary>A request was accepted (a repeated start of the same request is not counted again).</summary>
    public void Started(string action, RequestMode mode) => _started.Add(1, Action(action), Mode(mode));

    /// <summary>A request completed; <paramref name="duration"/> runs from its acceptance.</summary>
    public void Completed(string action, RequestMode mode, TimeSpan? duration)
    {
        _completed.Add(1, Action(action), Mode(mode));
        RecordDuration(action, mode, "completed", duration);
    }

    /// <summary>A request failed with <paramref name="errorCode"/>.</summary>
    public void Failed(string action, RequestMode mode, string errorCode, TimeSpan? duration)
    {
        _failed.Add(1, Action(action), Mode(mode), new KeyValuePair<string, object?>("error.code", errorCode));
        RecordDuration(action, mode, "failed", duration);
    }

    /// <summary>A request was canceled by its owner.</summary>
    public void Canceled(string action, TimeSpan? duration)
    {
        _canceled.Add(1, Action(action), Mode(RequestMode.Async));
        RecordDuration(action, RequestMode.Async, "canceled", duration);
    }

    /// <summary>A progress message went out to a client.</summary>
    public void ProgressSent() => _progressMessages.Add(1);

    private void RecordDuration(string action, RequestMode mode, string outcome, TimeSpan? duration)
    {
        if (duration is { } elapsed)
        {
            _duration.Record(elapsed.TotalSeconds, Action(action), Mode(mode), new KeyValuePair<string, object?>("streamer.outcome", outcome));
        }
    }

    private static KeyValuePair<string, object?> Action(string action) => new("streamer.action", action);

    private static KeyValuePair<string, object?> Mode(RequestMode mode) => new("streamer.mode", mode == RequestMode.Sync ? "sync" : "async");
}
