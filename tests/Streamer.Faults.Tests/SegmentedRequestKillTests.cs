using System.Globalization;
using Streamer.Faults.Tests.Infrastructure;
using Streamer.Testing.Azurite;

// The fault tests poll at a fixed pace and ride out transient errors (storage and hosts go away on purpose), unlike the shared helper.
using Poll = Streamer.Faults.Tests.Infrastructure.Poll;

namespace Streamer.Faults.Tests;

/// <summary>
/// One long request (300 chunks in segments of 20, docs/cost.md) and its only host killed with SIGKILL part-way: a new host
/// finishes it with every item applied exactly once, and what the restart had to replay was one segment's history, not
/// the whole request's.
/// </summary>
public sealed class SegmentedRequestKillTests(ITestOutputHelper output)
{
    private const int Chunks = 300;
    private const int SegmentSize = 20;
    private const int KillAfterItems = 90;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Killing_the_host_mid_way_through_a_300_chunk_request_loses_and_duplicates_nothing_and_the_restart_replays_one_segment()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        var token = deadline.Token;
        var log = new TestLog(output);
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: token);
        var hub = "Seg" + Guid.NewGuid().ToString("N")[..8];
        var settings = HostProcess.Settings(azurite.ConnectionString, hub);
        settings["Streamer__Chunks__ChunksPerSegment"] = SegmentSize.ToString(CultureInfo.InvariantCulture);
        var storage = new TaskHubStorage(azurite.ConnectionString, hub);
        var workload = new BulkWorkload("seg", requestCount: 1, entitiesPerRequest: Chunks, batchSize: 1);
        var bearer = await HostProcess.MintTokenAsync("faults", "t1", token);

        await using var first = HostProcess.Start("A", settings);
        await using var second = HostProcess.Start("B", settings);
        try
        {
            await first.WaitUntilReadyAsync(StartTimeout, token);
            using (var api = new StreamerClient(first.BaseAddress, bearer))
            {
                await workload.SubmitAsync([api], token);
            }

            // Kill once a few segments are done: the request is well past its first execution and far from its end.
            var applied = await Poll.UntilAsync(
                async t => (await storage.EntityCountsAsync(t)).Values.Sum() is var n && n >= KillAfterItems ? n.ToString(CultureInfo.InvariantCulture) : null,
                CompletionTimeout,
                TimeSpan.FromMilliseconds(100),
                $"{KillAfterItems} items to be applied before the kill",
                cancellationToken: token);
            await first.KillAsync();
            var (stored, latest) = await storage.HistoryRowsAsync(token);
            log.Line($"killed A (SIGKILL) after {applied} of {Chunks} items; history: {stored} rows stored, {latest} in the latest execution (what a restart replays)");
            Assert.True(int.Parse(applied, CultureInfo.InvariantCulture) < Chunks, "The request had finished before the kill; it did not land mid-run.");

            // One segment's worth: per chunk a scheduled and a completed event and one episode's start and end, plus the segment's own steps.
            Assert.InRange(latest, 1, (4 * SegmentSize) + 20);

            // A new host takes the dead one's partitions once their leases expire, and finishes the request.
            await second.WaitUntilReadyAsync(StartTimeout, token);
            using var survivorApi = new StreamerClient(second.BaseAddress, bearer);
            var finished = await workload.WaitUntilAllFinishedAsync(storage, CompletionTimeout, () => second.ExitState, token);
            log.Line($"finished on B: {TaskHubStorage.Describe(finished)}");
            await workload.AssertAllAppliedAsync(survivorApi, storage, token);
            log.Line($"checked: completed with {Chunks} of {Chunks} items in {Chunks} batches, and exactly {Chunks} entities stored");
        }
        catch
        {
            log.Host(first, 150);
            log.Host(second, 300);
            throw;
        }
    }
}
