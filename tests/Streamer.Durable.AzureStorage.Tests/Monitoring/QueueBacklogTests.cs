using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Streamer.Durable.AzureStorage.Tests.Monitoring;

/// <summary>The queue backlog an operator (and an autoscaler) watches: read from storage, published as a gauge.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueBacklogTests(AzuriteFixture azurite)
{
    private const int Instances = 6;
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Started_instances_waiting_for_a_worker_show_as_control_queue_backlog_in_storage_and_in_the_gauge()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        var options = new AzureStorageBackendOptions
        {
            ConnectionString = azurite.ConnectionString,
            TaskHubName = AzuriteFixture.NewTaskHubName(),
            QueueBacklogSampleInterval = TimeSpan.FromMilliseconds(100),
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDurableTask(durable => durable.UseAzureStorage(_ => options).WithoutWorker());
        using var host = builder.Build();

        var gauge = new ConcurrentDictionary<(string Queue, int? Partition), int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AzureStorageOrchestrationBackend.MeterName && instrument.Name == "streamer.durable.queue.backlog")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => gauge[Key(tags)] = value);
        listener.Start();

        await host.StartAsync(deadline.Token);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        for (var i = 0; i < Instances; i++)
        {
            await client.ScheduleNewOrchestrationInstanceAsync("NeverRuns", i, cancellationToken: deadline.Token);
        }

        var backend = (AzureStorageOrchestrationBackend)host.Services.GetRequiredService<Streamer.Durable.Backends.IOrchestrationBackend>();
        var backlog = await backend.GetQueueBacklogAsync(deadline.Token);
        Assert.Equal(0, backlog.WorkItems);
        Assert.Equal(options.PartitionCount, backlog.ControlQueues.Count);
        Assert.Equal(Instances, backlog.ControlQueues.Sum());

        // The gauge reports the monitor's latest sample: poll it, once per sample interval, until a sample taken
        // after the starts shows them (the deadline bounds the wait).
        while (gauge.Where(g => g.Key.Queue == "control").Sum(g => g.Value) != Instances)
        {
            await Task.Delay(options.QueueBacklogSampleInterval, deadline.Token);
            listener.RecordObservableInstruments();
        }

        Assert.Equal(0, gauge[("workitems", null)]);
        Assert.Equal(options.PartitionCount, gauge.Keys.Count(k => k.Queue == "control"));
        await host.StopAsync(deadline.Token);
        await backend.DeleteTaskHubAsync(CancellationToken.None);
    }

    private static (string Queue, int? Partition) Key(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string queue = "";
        int? partition = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "queue")
            {
                queue = (string)tag.Value!;
            }
            else if (tag.Key == "partition")
            {
                partition = (int)tag.Value!;
            }
        }

        return (queue, partition);
    }
}
