using System.Diagnostics.Metrics;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Worker;

/// <summary>The worker's counters, published on meter <see cref="DurableTelemetry.MeterName"/>.</summary>
internal sealed class DurableTaskWorkerMetrics
{
    private readonly Counter<long> _episodes;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _replayedEvents;
    private readonly Counter<long> _activities;

    public DurableTaskWorkerMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(DurableTelemetry.MeterName) ?? new Meter(DurableTelemetry.MeterName);
        _episodes = meter.CreateCounter<long>("streamer.durable.orchestration.episodes", description: "Orchestration work items executed.");
        _replays = meter.CreateCounter<long>("streamer.durable.orchestration.replays", description: "Episodes that had to replay history (session cache misses).");
        _replayedEvents = meter.CreateCounter<long>("streamer.durable.orchestration.replayed_events", description: "History events replayed.");
        _activities = meter.CreateCounter<long>("streamer.durable.activity.executions", description: "Activity executions, by outcome.");
    }

    public void RecordEpisode() => _episodes.Add(1);

    public void RecordReplay(int historyEvents)
    {
        if (historyEvents > 0)
        {
            _replays.Add(1);
            _replayedEvents.Add(historyEvents);
        }
    }

    public void RecordActivity(bool succeeded)
        => _activities.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "completed" : "failed"));
}
