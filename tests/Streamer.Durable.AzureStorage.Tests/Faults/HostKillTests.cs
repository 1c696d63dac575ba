using System.Diagnostics;
using Streamer.Durable.FaultHost;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// Two worker processes share one task hub; one is killed with SIGKILL in the middle of a run. The
/// survivor takes over its partitions once their leases expire, and the run ends as if nothing had
/// happened: every instance completes, no step is recorded twice, and no instance was ever executed
/// by two hosts at once (checked against the per-host episode logs).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int InstanceCount = 200;

    /// <summary>About a quarter of the run's ~1,200 episodes: late enough that both hosts work, early enough that much is left.</summary>
    private const int EpisodesBeforeKill = 300;

    private const int EpisodesPerHostBeforeKill = 50;

    private const int EpisodesBeforeScaleOut = 30;

    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan KillPointTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The killed host's leases (15 s) and the messages it had received (20 s visibility) must lapse first.</summary>
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Host_killed_mid_run_loses_nothing_duplicates_no_step_and_never_shares_an_instance()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        await using var env = await FaultTestEnvironment.CreateAsync(azurite.ConnectionString, output, deadline.Token);
        try
        {
            // Host A starts alone and takes every partition; B joins once A is busy, so A hands half of
            // them over with work in flight (a scale-out). Then A is killed and B takes them all.
            var victim = await env.StartHostAsync("A");
            var instances = Enumerable.Range(0, InstanceCount).ToDictionary(i => $"kill-{i:D3}", _ => FaultTasks.FiveSteps);
            var scheduling = FaultChecks.ScheduleAsync(env.Client, instances, deadline.Token);
            await FaultChecks.WaitForLogsAsync(env, logs => logs.Single().CompletedCount >= EpisodesBeforeScaleOut, $"host A to commit {EpisodesBeforeScaleOut} episodes", KillPointTimeout);
            var survivor = await env.StartHostAsync("B");
            await scheduling;
            env.Log($"scheduled {InstanceCount} instances of {FaultTasks.FiveSteps}");

            var beforeKill = await FaultChecks.WaitForLogsAsync(
                env,
                logs => logs.All(l => l.CompletedCount >= EpisodesPerHostBeforeKill) && logs.Sum(l => l.CompletedCount) >= EpisodesBeforeKill,
                $"both hosts to commit {EpisodesPerHostBeforeKill}+ episodes, {EpisodesBeforeKill}+ in all",
                KillPointTimeout);
            var killedAt = await victim.KillAsync();
            env.Log($"killed host {victim.HostId} (SIGKILL); logs just before: {FaultChecks.Describe(beforeKill)}; {FaultChecks.LongestPause(beforeKill, killedAt)}");

            var victimLog = victim.ReadLog();
            var statusesAtKill = await FaultChecks.TryCountStatusesAsync(env.Client, deadline.Token);
            Assert.NotNull(statusesAtKill);
            var completedAtKill = statusesAtKill.GetValueOrDefault(OrchestrationRuntimeStatus.Completed);
            env.Log($"at the kill: {completedAtKill} of {InstanceCount} completed; {victim.HostId} held {victimLog.Open.Count()} instance lock(s) it never released");
            Assert.True(completedAtKill < InstanceCount, $"All {InstanceCount} instances had completed before the kill; it did not land mid-run.");
            Assert.True(beforeKill.All(l => l.CompletedCount > 0), $"Both hosts should have worked before the kill: {FaultChecks.Describe(beforeKill)}");

            await FaultChecks.WaitForAllCompletedAsync(env, InstanceCount, CompletionTimeout, deadline.Token);
            env.Log($"all {InstanceCount} completed");

            await FaultChecks.AssertHistoriesAsync(env.Client, instances, deadline.Token);
            var logs = new[] { victim.ReadLog(), survivor.ReadLog() };
            FaultChecks.AssertNoOverlappingLocks(logs, new Dictionary<string, long>
            {
                [victim.HostId] = killedAt,
                [survivor.HostId] = Stopwatch.GetTimestamp(),
            });
            Assert.False(survivor.HasExited, $"The surviving host exited. Its output:{Environment.NewLine}{survivor.Output}");

            var activityRuns = logs.Sum(l => l.Activities.Count);
            env.Log($"checked; {FaultChecks.Describe(logs)}; {activityRuns} activity runs for {InstanceCount * FaultTasks.StepCount} steps");
            env.WriteHostOutputs(lastLinesPerHost: 200);
        }
        catch
        {
            env.WriteHostOutputs();
            throw;
        }
    }
}
