using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Durable.Telemetry;

namespace Streamer.Durable.Tests;

/// <summary>The task hub's queue gauges, read from DTFx's own performance monitor.</summary>
[Collection(StorageCollection.Name)]
public sealed class QueueMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Queue_backlog_and_latency_gauges_report_the_work_item_and_control_queues()
    {
        await using var host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            new Dictionary<string, string?> { ["extensions:durableTask:storageProvider:queueMetricsSampleInterval"] = "00:00:00.200" });

        // Other tests' hosts publish the same meter in this process: listen only to this host's meter factory.
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentDictionary<(string Instrument, string Queue), double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DurableTelemetry.SourceName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        string[] queues = ["workitems", "control-00", "control-01", "control-02", "control-03"];
        await Eventually.UntilAsync(
            () =>
            {
                listener.RecordObservableInstruments();
                return queues.All(q => seen.ContainsKey(("streamer.durable.queue.backlog", q)) && seen.ContainsKey(("streamer.durable.queue.latency", q)));
            },
            "backlog and latency gauges for every queue");

        Assert.All(queues, q => Assert.True(seen[("streamer.durable.queue.backlog", q)] >= 0));
        Assert.DoesNotContain(seen.Keys, k => k.Queue == "control-04");

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "queue", Value: string queue })
                {
                    seen[(instrument.Name, queue)] = value;
                }
            }
        }
    }
}
