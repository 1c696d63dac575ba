using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Streamer.Testing.Azurite;

namespace Streamer.Durable.Bench;

/// <summary>
/// Azurite's raw rates with the Azure SDK and no engine, <see cref="Concurrency"/> loops sharing one client (the shipped
/// activity slots): (a) queue cycles: put one 300-character message (as the retired benchmark did), receive one, delete it, on one shared
/// queue; (b) the same with <see cref="Backlog"/> messages waiting, as a fan-out leaves the work-item queue; (c) single
/// entity upserts (an instance-row update), each loop in its own partition; (d) table batches of
/// <see cref="RowsPerBatch"/> upserts into the loop's own partition (a history append). Only operations that finish
/// inside the window count. Measured on a fresh Azurite (see <see cref="ScenarioRunner.AzuriteGcInterval"/>).
/// </summary>
internal sealed class RawStorageProbe(int concurrency, StorageRequestCounter requests)
{
    public const int RowsPerBatch = 10;
    public const int Backlog = 1000;
    private const int PayloadChars = 300;
    private static readonly string Payload = new('x', PayloadChars);

    public int Concurrency => concurrency;

    public async Task<RawStorageRates> MeasureAsync(TimeSpan warmUp, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: false, cancellationToken);
        requests.Watch(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var resources = new ResourceUsage(azurite.QueuePort);
        var suffix = Guid.NewGuid().ToString("N")[..12];

        var queue = new QueueServiceClient(azurite.ConnectionString).GetQueueClient("rawprobe-" + suffix);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        requests.Reset();
        var queueCycles = await RunAsync(warmUp, window, resources, (_, _, ct) => QueueCycleAsync(queue, ct), cancellationToken);
        var queueRequests = requests.Snapshot();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Backlog),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (_, ct) => await queue.SendMessageAsync(Payload, ct));
        var backlogCycles = await RunAsync(warmUp, window, resources, (_, _, ct) => QueueCycleAsync(queue, ct), cancellationToken);

        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("rawprobe" + suffix);
        await table.CreateIfNotExistsAsync(cancellationToken);
        requests.Reset();
        var upserts = await RunAsync(warmUp, window, resources, (loop, sequence, ct) => UpsertAsync(table, loop, sequence, ct), cancellationToken);
        var upsertRequests = requests.Snapshot();
        requests.Reset();
        var batches = await RunAsync(warmUp, window, resources, (loop, sequence, ct) => TableBatchAsync(table, loop, sequence, ct), cancellationToken);
        var batchRequests = requests.Snapshot();

        return new RawStorageRates(
            queueCycles.Counted / window.TotalSeconds,
            backlogCycles.Counted / window.TotalSeconds,
            upserts.Counted / window.TotalSeconds,
            batches.Counted / window.TotalSeconds,
            queueRequests.Total / (double)queueCycles.Total,
            upsertRequests.Total / (double)upserts.Total,
            batchRequests.Total / (double)batches.Total,
            queueCycles.Cpu,
            batches.Cpu);
    }

    private static async Task QueueCycleAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        await queue.SendMessageAsync(Payload, cancellationToken);
        QueueMessage[] received;
        do
        {
            // Empty only when the other loops took every visible message; this loop's own put keeps the queue from staying empty.
            received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30), cancellationToken)).Value;
        }
        while (received.Length == 0);

        await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt, cancellationToken);
    }

    private static async Task UpsertAsync(TableClient table, int loop, long sequence, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(string.Create(CultureInfo.InvariantCulture, $"u{loop:D3}"), string.Empty)
        {
            ["RuntimeStatus"] = "Running",
            ["Sequence"] = sequence,
            ["Input"] = Payload,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static async Task TableBatchAsync(TableClient table, int loop, long sequence, CancellationToken cancellationToken)
    {
        var partition = string.Create(CultureInfo.InvariantCulture, $"p{loop:D3}");
        var actions = new List<TableTransactionAction>(RowsPerBatch);
        for (var row = 0; row < RowsPerBatch; row++)
        {
            var entity = new TableEntity(partition, string.Create(CultureInfo.InvariantCulture, $"{sequence:D8}-{row:D2}"))
            {
                ["EventType"] = "TaskCompleted",
                ["Event"] = Payload,
            };
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Runs <paramref name="operation"/> in <see cref="Concurrency"/> loops for warm-up + window; returns how many finished inside the window, in all, and the CPU used in all.</summary>
    private async Task<(long Counted, long Total, CpuShare Cpu)> RunAsync(TimeSpan warmUp, TimeSpan window, ResourceUsage resources, Func<int, long, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        var end = warmUp + window;
        long counted = 0;
        long total = 0;
        var cpuBefore = resources.Sample();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(loop => Task.Run(
            async () =>
            {
                for (long sequence = 0; clock.Elapsed < end; sequence++)
                {
                    await operation(loop, sequence, cancellationToken);
                    Interlocked.Increment(ref total);
                    var finished = clock.Elapsed;
                    if (finished >= warmUp && finished < end)
                    {
                        Interlocked.Increment(ref counted);
                    }
                }
            },
            cancellationToken)));
        return (counted, total, CpuShare.Between(cpuBefore, resources.Sample(), clock.Elapsed));
    }
}
