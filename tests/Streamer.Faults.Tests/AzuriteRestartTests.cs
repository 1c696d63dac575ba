using Streamer.Faults.Tests.Infrastructure;
using Streamer.Testing.Azurite;

// The fault tests poll at a fixed pace and ride out transient errors (storage and hosts go away on purpose), unlike the shared helper.
using Poll = Streamer.Faults.Tests.Infrastructure.Poll;

namespace Streamer.Faults.Tests;

/// <summary>
/// Storage restarts in the middle of a run: Azurite (persisting to disk) is stopped with requests in flight and started
/// again on the same ports and data folder. The host is left alone; it rides out the failed calls by itself and every
/// request still completes with exactly its entities, and the host process is still alive at the end.
/// </summary>
/// <remarks>
/// Azurite is stopped with SIGTERM, which is still a kill to the host (connections drop, nothing answers) but lets Azurite
/// write its metadata as it exits, as durable storage keeps what it acknowledged. SIGKILL would lose Azurite's last
/// writes (it saves its metadata only every few seconds), e.g. an acknowledged queue message, and the test would then
/// fail for storage losing data, which real storage does not do.
/// </remarks>
public sealed class AzuriteRestartTests(ITestOutputHelper output)
{
    // Enough work that the restart lands mid-run on a quiet machine too: 40 requests once all completed within the
    // seven seconds it took to see the first few finish.
    private const int RequestCount = 120;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Longer than the storage clients' own retries, so calls in flight fail rather than ride it out inside the SDK.</summary>
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_host_rides_out_an_Azurite_restart_and_every_request_still_completes()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        var token = deadline.Token;
        var log = new TestLog(output);
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: true, token);
        var hub = "Restart" + Guid.NewGuid().ToString("N")[..8];
        var storage = new TaskHubStorage(azurite.ConnectionString, hub);
        var workload = new BulkWorkload("rst", RequestCount, entitiesPerRequest: 20, batchSize: 5);
        var bearer = await HostProcess.MintTokenAsync("faults", "t1", token);
        await using var host = HostProcess.Start("A", HostProcess.Settings(azurite.ConnectionString, hub));
        try
        {
            await host.WaitUntilReadyAsync(StartTimeout, token);
            using var api = new StreamerClient(host.BaseAddress, bearer);
            await workload.SubmitAsync([api], token);
            IReadOnlyDictionary<string, int> statuses = new Dictionary<string, int>();
            var beforeStop = await Poll.UntilAsync(
                async t => (statuses = await storage.InstanceStatusesAsync(t)).GetValueOrDefault("Completed") >= RequestCount / 8 ? statuses : null,
                CompletionTimeout,
                TimeSpan.FromMilliseconds(250),
                $"{RequestCount / 8} requests to complete before the restart",
                () => TaskHubStorage.Describe(statuses),
                token);

            await azurite.StopAsync(graceful: true);
            using var downtime = new CancellationTokenSource(Downtime);
            log.Line($"stopped Azurite with instances {TaskHubStorage.Describe(beforeStop)}; holding it down for {Downtime.TotalSeconds:0} s");
            Assert.True(beforeStop.GetValueOrDefault("Completed") < RequestCount, "Every request had completed before the restart; it did not land mid-run.");

            // The downtime itself is what is being tested: a fixed wait, with the host checked on throughout.
            await Poll.UntilAsync(
                _ => Task.FromResult(host.HasExited ? throw new InvalidOperationException($"The host {host.ExitState} while Azurite was down.") : downtime.IsCancellationRequested),
                Downtime + TimeSpan.FromSeconds(5),
                TimeSpan.FromMilliseconds(200),
                "the downtime to pass",
                cancellationToken: token);
            await azurite.RestartAsync(cancellationToken: token);
            log.Line("Azurite is back on the same ports and data");

            var finished = await workload.WaitUntilAllFinishedAsync(storage, CompletionTimeout, () => host.ExitState, token);
            log.Line($"all {RequestCount} finished after the restart: {TaskHubStorage.Describe(finished)}");
            await workload.AssertAllAppliedAsync(api, storage, token);
            log.Line($"checked: all {RequestCount} completed with {workload.EntitiesPerRequest} of {workload.EntitiesPerRequest} items in {workload.ChunksPerRequest} batches; exactly {RequestCount * workload.EntitiesPerRequest} entities");
            Assert.False(host.HasExited, $"The host {host.ExitState}.");
        }
        catch
        {
            log.Host(host, 300);
            throw;
        }
    }
}
