using System.Diagnostics;
using Streamer.Durable.FaultHost;
using Streamer.Testing.Azurite;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// Storage goes away in the middle of a run: Azurite (persisting to disk) is stopped gracefully, held
/// down for longer than a partition lease and started again on the same ports and data. The host
/// processes are left alone; they must ride out the outage (failed commits, failed polls, lapsed leases)
/// and finish the run by themselves, with the same guarantees as without it.
/// </summary>
/// <remarks>
/// Runs its own Azurite (the shared fixture keeps data in memory, which a restart would lose); in the
/// Azurite collection only so that it does not run alongside the other storage tests.
/// </remarks>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteRestartTests(ITestOutputHelper output)
{
    private const int InstanceCount = 100;
    private const int EpisodesBeforeOutage = 150;
    private const int EpisodesPerHostBeforeOutage = 20;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan OutagePointTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Longer than the partition leases (15 s) and than the storage clients' own retries, so that work in flight
    /// fails, leases lapse and partitions may change hands between the two live hosts when storage returns.
    /// </summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Hosts_ride_out_an_Azurite_restart_and_finish_the_run_on_their_own()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: true, deadline.Token);
        await using var env = await FaultTestEnvironment.CreateAsync(azurite.ConnectionString, output, deadline.Token);
        try
        {
            // Half of them wait on a durable timer (a delayed queue message) that may come due during the outage.
            var instances = Enumerable.Range(0, InstanceCount)
                .ToDictionary(i => $"restart-{i:D3}", i => i % 2 == 0 ? FaultTasks.FiveSteps : FaultTasks.FiveStepsWithTimer);
            await FaultChecks.ScheduleAsync(env.Client, instances, deadline.Token);
            env.Log($"scheduled {InstanceCount} instances");
            var hosts = await Task.WhenAll(env.StartHostAsync("A"), env.StartHostAsync("B"));

            var beforeOutage = await FaultChecks.WaitForLogsAsync(
                env,
                logs => logs.All(l => l.CompletedCount >= EpisodesPerHostBeforeOutage) && logs.Sum(l => l.CompletedCount) >= EpisodesBeforeOutage,
                $"both hosts to commit {EpisodesPerHostBeforeOutage}+ episodes, {EpisodesBeforeOutage}+ in all",
                OutagePointTimeout);
            env.Log($"stopping Azurite; {FaultChecks.Describe(beforeOutage)}");
            await azurite.StopAsync(graceful: true);
            env.Log($"Azurite is down; holding it down for {Outage.TotalSeconds} s");
            await Task.Delay(Outage, deadline.Token);
            await azurite.RestartAsync(cancellationToken: deadline.Token);
            var restartedAt = Stopwatch.GetTimestamp();
            env.Log("Azurite is back");

            Assert.All(hosts, h => Assert.False(h.HasExited, $"Host {h.HostId} exited during the outage. Its output:{Environment.NewLine}{h.Output}"));
            var statuses = await FaultChecks.TryCountStatusesAsync(env.Client, deadline.Token);
            var completedAtRestart = statuses?.GetValueOrDefault(OrchestrationRuntimeStatus.Completed);
            env.Log($"at the restart: {completedAtRestart?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unknown)"} of {InstanceCount} completed");
            Assert.True(completedAtRestart is null or < InstanceCount, $"All {InstanceCount} instances had completed before the outage; it did not land mid-run.");

            await FaultChecks.WaitForAllCompletedAsync(env, InstanceCount, CompletionTimeout, deadline.Token);
            env.Log($"all {InstanceCount} completed");

            await FaultChecks.AssertHistoriesAsync(env.Client, instances, deadline.Token);
            var logs = hosts.Select(h => h.ReadLog()).ToList();
            var now = Stopwatch.GetTimestamp();
            FaultChecks.AssertNoOverlappingLocks(logs, logs.ToDictionary(l => l.HostId, _ => now));

            // Both hosts came back: each committed episodes and ran activities after storage returned.
            foreach (var log in logs)
            {
                Assert.True(
                    log.Intervals.Any(i => i.Begin > restartedAt && i.Outcome == EpisodeLoggingBackend.Completed) && log.Activities.Any(a => a.Timestamp > restartedAt),
                    $"Host {log.HostId} did no work after Azurite came back: {FaultChecks.Describe([log])}.");
            }

            Assert.All(hosts, h => Assert.False(h.HasExited, $"Host {h.HostId} exited. Its output:{Environment.NewLine}{h.Output}"));
            env.Log($"checked; {FaultChecks.Describe(logs)}; failed commits: {logs.Sum(l => l.Intervals.Count(i => i.Outcome?.StartsWith("failed", StringComparison.Ordinal) == true))}");
            env.WriteHostOutputs(lastLinesPerHost: 200);
        }
        catch
        {
            env.WriteHostOutputs();
            throw;
        }
    }
}
