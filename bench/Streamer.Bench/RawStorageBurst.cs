using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// The storage writes of <c>count</c> starts with no host: from the harness, Azure SDK straight to the same Azurite,
/// all at once. (a) single-entity table inserts into one partition (one user's requests share one); (b) queue puts;
/// (c) a start's own three writes in sequence, per start: a two-row transaction (the request record and its listing
/// row), a single-entity insert into a second table (the orchestration's instance row) and a queue put (its
/// ExecutionStarted message).
/// </summary>
internal static class RawStorageBurst
{
    private static readonly string Message = new('x', 600);

    public static async Task<RawBurstResult> RunAsync(string connectionString, int count)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var records = new TableServiceClient(connectionString).GetTableClient("benchraw" + suffix);
        var instances = new TableServiceClient(connectionString).GetTableClient("benchrawinst" + suffix);
        var queue = new QueueServiceClient(connectionString).GetQueueClient("bench-raw-" + suffix);
        await records.CreateIfNotExistsAsync();
        await instances.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();

        // Warm the SDK's pipeline and a connection to each service, so the burst measures the writes, not the first call.
        await records.AddEntityAsync(new TableEntity("warm", "up") { ["Value"] = Message[..100] });
        await queue.SendMessageAsync(Message);

        var inserts = await TimeAsync(count, i => records.AddEntityAsync(new TableEntity("user", "insert-" + i) { ["Value"] = Message[..100] }));
        var puts = await TimeAsync(count, _ => queue.SendMessageAsync(Message));
        var sequences = await TimeAsync(count, async i =>
        {
            await records.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("user", "r:" + i) { ["Value"] = Message[..100] }),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("user", "c:" + i) { ["Value"] = Message[..100] }),
            ]);
            await instances.AddEntityAsync(new TableEntity("instance-" + i, string.Empty) { ["Input"] = Message });
            await queue.SendMessageAsync(Message);
        });
        return new RawBurstResult(inserts, puts, sequences);
    }

    private static async Task<RawBurst> TimeAsync(int count, Func<int, Task> operation)
    {
        var began = Stopwatch.GetTimestamp();
        var done = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await operation(i);
            return MonotonicClock.Since(began);
        }));
        return new RawBurst(LatencySummary.Of(done), done.Max());
    }
}

/// <summary>Each burst's latencies from its start, and when its last write finished.</summary>
internal sealed record RawBurst(LatencySummary Latency, double AllDoneMilliseconds);

internal sealed record RawBurstResult(RawBurst TableInserts, RawBurst QueuePuts, RawBurst StartSequences);
