using Streamer.Faults.Tests.Infrastructure;
using Streamer.Testing.Azurite;

// The fault tests poll at a fixed pace and ride out transient errors (storage and hosts go away on purpose), unlike the shared helper.
using Poll = Streamer.Faults.Tests.Infrastructure.Poll;

namespace Streamer.Faults.Tests;

/// <summary>
/// Two host processes share one task hub; with 200 bulk operations in flight one is killed with SIGKILL (no shutdown, no
/// lease release). The survivor takes over the dead host's partitions once their leases expire and finishes every request
/// exactly as if nothing had happened: each request completes with all its items applied, and the entities table holds
/// exactly the entities each request created.
/// </summary>
public sealed class HostKillTests(ITestOutputHelper output)
{
    private const int RequestCount = 200;
    private const int KillAfterCompleted = 5;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A lease expires one lease interval after its last renewal and the survivor looks every acquire interval: the
    /// deadline for owning every partition is about one lease period (the takeover time itself is measured in bench/).
    /// </summary>
    private static readonly TimeSpan TakeoverTimeout = FaultTimings.LeaseInterval + (2 * FaultTimings.LeaseAcquireInterval) + TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Killing_one_of_two_hosts_mid_run_loses_and_duplicates_nothing_and_the_survivor_takes_over_its_partitions()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        var token = deadline.Token;
        var log = new TestLog(output);
        await using var azurite = await AzuriteProcess.StartAsync(cancellationToken: token);
        var hub = "Kill" + Guid.NewGuid().ToString("N")[..8];
        var settings = HostProcess.Settings(azurite.ConnectionString, hub);
        var storage = new TaskHubStorage(azurite.ConnectionString, hub);
        var workload = new BulkWorkload("kill", RequestCount, entitiesPerRequest: 20, batchSize: 5);
        var bearer = await HostProcess.MintTokenAsync("faults", "t1", token);

        await using var victim = HostProcess.Start("A", settings);
        await using var survivor = HostProcess.Start("B", settings);
        try
        {
            await Task.WhenAll(victim.WaitUntilReadyAsync(StartTimeout, token), survivor.WaitUntilReadyAsync(StartTimeout, token));
            using var victimApi = new StreamerClient(victim.BaseAddress, bearer);
            using var survivorApi = new StreamerClient(survivor.BaseAddress, bearer);

            // Both hosts must hold partitions before the run, or the kill would not take work away from anyone.
            var balanced = await Poll.UntilAsync(
                async t => await storage.PartitionLeasesAsync(t) is var leases && leases.Count > 0
                    && leases.Any(l => l.CurrentOwner == victim.WorkerId) && leases.Any(l => l.CurrentOwner == survivor.WorkerId)
                    ? leases : null,
                StartTimeout,
                TimeSpan.FromMilliseconds(500),
                "both hosts to own partitions",
                cancellationToken: token);
            log.Line($"hosts A (pid {victim.ProcessId}) and B (pid {survivor.ProcessId}) share hub {hub}: {TaskHubStorage.Describe(balanced)}");

            await workload.SubmitAsync([victimApi, survivorApi], token);
            log.Line($"started {RequestCount} requests ({workload.EntitiesPerRequest} entities in {workload.ChunksPerRequest} chunks each) through both hosts");

            // Kill once the first few have finished: both hosts are busy and nearly all of the run is still ahead.
            IReadOnlyDictionary<string, int> statuses = new Dictionary<string, int>();
            var beforeKill = await Poll.UntilAsync(
                async t => (statuses = await storage.InstanceStatusesAsync(t)).GetValueOrDefault("Completed") >= KillAfterCompleted ? statuses : null,
                CompletionTimeout,
                TimeSpan.FromMilliseconds(250),
                $"{KillAfterCompleted} requests to complete before the kill",
                () => TaskHubStorage.Describe(statuses),
                token);
            var leasesAtKill = await storage.PartitionLeasesAsync(token);
            await victim.KillAsync();
            var victimPartitions = leasesAtKill.Count(l => l.CurrentOwner == victim.WorkerId);
            log.Line($"killed A (SIGKILL) with instances {TaskHubStorage.Describe(beforeKill)}; leases at the kill: {TaskHubStorage.Describe(leasesAtKill)}");
            Assert.True(beforeKill.GetValueOrDefault("Completed") < RequestCount, "Every request had completed before the kill; it did not land mid-run.");
            Assert.True(victimPartitions > 0, $"The killed host owned no partition at the kill: {TaskHubStorage.Describe(leasesAtKill)}");

            // Takeover: the survivor owns every partition (the table partition manager's own record) within about one lease period.
            IReadOnlyList<PartitionLease> leases = leasesAtKill;
            await Poll.UntilAsync(
                async t => (leases = await storage.PartitionLeasesAsync(t)).All(l => l.CurrentOwner == survivor.WorkerId),
                TakeoverTimeout,
                TimeSpan.FromMilliseconds(100),
                "the survivor to own every partition",
                () => TaskHubStorage.Describe(leases),
                token);
            log.Line($"TAKEOVER: the survivor owns all {leases.Count} partitions (the {victimPartitions} of the killed host among them): {TaskHubStorage.Describe(leases)}");

            var finished = await workload.WaitUntilAllFinishedAsync(storage, CompletionTimeout, () => survivor.ExitState, token);
            log.Line($"all {RequestCount} finished after the kill: {TaskHubStorage.Describe(finished)}");
            Assert.False(survivor.HasExited, $"The survivor {survivor.ExitState}.");

            await workload.AssertAllAppliedAsync(survivorApi, storage, token);
            log.Line($"checked: all {RequestCount} completed with {workload.EntitiesPerRequest} of {workload.EntitiesPerRequest} items in {workload.ChunksPerRequest} batches; the entities table holds exactly {RequestCount * workload.EntitiesPerRequest} entities, {workload.EntitiesPerRequest} per request");
            Assert.False(survivor.HasExited, $"The survivor {survivor.ExitState}.");
        }
        catch
        {
            log.Host(victim, 150);
            log.Host(survivor, 300);
            throw;
        }
    }
}
