using System.Diagnostics;
using System.Globalization;
using Azure;
using Streamer.Durable.FaultHost;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>Starting a batch of instances, waiting on it, and the checks every fault test makes afterwards.</summary>
public static class FaultChecks
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Schedules every instance (id → orchestrator name); the id is also the input seed.</summary>
    public static async Task ScheduleAsync(DurableTaskClient client, IReadOnlyDictionary<string, string> orchestratorById, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(orchestratorById, parallel, async (instance, ct) =>
            await client.ScheduleNewOrchestrationInstanceAsync(instance.Value, instance.Key, new StartOrchestrationOptions(instance.Key), ct));
    }

    /// <summary>Polls the hosts' episode logs until <paramref name="condition"/> holds for them.</summary>
    public static async Task<IReadOnlyList<EpisodeLogContents>> WaitForLogsAsync(
        FaultTestEnvironment env, Func<IReadOnlyList<EpisodeLogContents>, bool> condition, string what, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var logs = env.Hosts.Select(h => h.ReadLog()).ToList();
            if (condition(logs))
            {
                return logs;
            }

            if (env.Hosts.FirstOrDefault(h => h.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"Fault host {exited.HostId} exited while waiting for {what}. Its output:{Environment.NewLine}{exited.Output}");
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}; episode logs: {Describe(logs)}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static string Describe(IEnumerable<EpisodeLogContents> logs)
        => string.Join(", ", logs.Select(l => $"{l.HostId}: {l.CompletedCount} committed episodes, {l.Intervals.Count} locks ({l.Open.Count()} open), {l.Activities.Count} activities"));

    /// <summary>How many instances of the task hub are in each status; null while storage does not answer.</summary>
    public static async Task<IReadOnlyDictionary<OrchestrationRuntimeStatus, int>?> TryCountStatusesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var page = await client.QueryInstancesAsync(new OrchestrationQuery { PageSize = 1000 }, cancellationToken);
            return page.Values.GroupBy(v => v.RuntimeStatus).ToDictionary(g => g.Key, g => g.Count());
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until all <paramref name="count"/> instances are Completed. Fails at once if any ends in
    /// another terminal status, and on timeout says where the unfinished ones are stuck.
    /// </summary>
    public static async Task WaitForAllCompletedAsync(FaultTestEnvironment env, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout);
        IReadOnlyList<OrchestrationMetadata> last = [];
        while (true)
        {
            try
            {
                var page = await env.Client.QueryInstancesAsync(new OrchestrationQuery { PageSize = 1000 }, cancellationToken);
                last = page.Values;
            }
            catch (RequestFailedException ex)
            {
                env.Log($"querying instances failed ({ex.Status} {ex.ErrorCode ?? ex.Message.Split('\n')[0]}); retrying");
            }

            if (last.FirstOrDefault(i => i.RuntimeStatus.IsTerminal() && i.RuntimeStatus != OrchestrationRuntimeStatus.Completed) is { } wrong)
            {
                var failed = await env.Client.GetInstanceAsync(wrong.InstanceId, getInputsAndOutputs: true, cancellationToken);
                Assert.Fail($"Instance {wrong.InstanceId} ended {wrong.RuntimeStatus}, not Completed: failure {failed?.FailureDetails?.ToString() ?? "none"}, output {failed?.SerializedOutput ?? "null"}.");
            }

            if (last.Count(i => i.RuntimeStatus == OrchestrationRuntimeStatus.Completed) == count)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(await DescribeUnfinishedAsync(env, last, count, timeout, cancellationToken));
            }

            await Task.Delay(StatusPollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Checks every instance's output and history: one start, one completion, <see cref="FaultTasks.StepCount"/> scheduled
    /// activities, exactly one result per scheduled activity (and one firing per timer), and nothing else.
    /// </summary>
    public static async Task AssertHistoriesAsync(DurableTaskClient client, IReadOnlyDictionary<string, string> orchestratorById, CancellationToken cancellationToken)
    {
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(orchestratorById, parallel, async (instance, ct) =>
        {
            var (id, orchestrator) = (instance.Key, instance.Value);
            var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct);
            var expected = FaultTasks.ExpectedOutput(id);
            if (state is null || state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<string>() != expected)
            {
                problems.Add($"{id}: expected Completed with output '{expected}', got {state?.RuntimeStatus.ToString() ?? "no instance"} with output {state?.SerializedOutput ?? "null"}");
            }

            foreach (var problem in CheckHistory(await client.GetHistoryAsync(id, ct), withTimer: orchestrator == FaultTasks.FiveStepsWithTimer))
            {
                problems.Add($"{id}: {problem}");
            }
        });

        Assert.True(
            problems.IsEmpty,
            $"{problems.Count} problem(s) in outputs and histories (first 20):{Environment.NewLine}{string.Join(Environment.NewLine, problems.OrderBy(p => p, StringComparer.Ordinal).Take(20))}");
    }

    /// <summary>
    /// Checks that no two locks of the same instance overlap in time, between hosts or within one.
    /// Locks a host never released count as held until <paramref name="openUntil"/> of that host
    /// (the moment a killed host was gone, or now for a host still running).
    /// </summary>
    public static void AssertNoOverlappingLocks(IReadOnlyList<EpisodeLogContents> logs, IReadOnlyDictionary<string, long> openUntil)
    {
        var intervals = logs
            .SelectMany(l => l.Intervals.Select(i => i with { End = i.End ?? openUntil[l.HostId] }))
            .GroupBy(i => i.InstanceId, StringComparer.Ordinal);
        var overlaps = new List<string>();
        foreach (var instance in intervals)
        {
            var sorted = instance.OrderBy(i => i.Begin).ToList();
            for (var a = 0; a < sorted.Count; a++)
            {
                for (var b = a + 1; b < sorted.Count && sorted[b].Begin < sorted[a].End; b++)
                {
                    overlaps.Add($"{instance.Key}: {Describe(sorted[a])} overlaps {Describe(sorted[b])}"
                        + (sorted[a].HostId == sorted[b].HostId ? " (same host)" : " (different hosts)"));
                }
            }
        }

        Assert.True(
            overlaps.Count == 0,
            $"{overlaps.Count} pair(s) of overlapping locks on one instance (first 20):{Environment.NewLine}{string.Join(Environment.NewLine, overlaps.Take(20))}");
    }

    /// <summary>The longest wait of any instance between one lock's release and its next lock (both before <paramref name="before"/>), for the test output.</summary>
    public static string LongestPause(IEnumerable<EpisodeLogContents> logs, long before)
    {
        var longest = logs.SelectMany(l => l.Intervals)
            .Where(i => i.End is { } end && end < before)
            .GroupBy(i => i.InstanceId, StringComparer.Ordinal)
            .SelectMany(g =>
            {
                var sorted = g.OrderBy(i => i.Begin).ToList();
                return sorted.Zip(sorted.Skip(1), (a, b) => (Instance: g.Key, Pause: b.Begin - a.End!.Value, From: a.HostId, To: b.HostId));
            })
            .DefaultIfEmpty()
            .MaxBy(p => p.Pause);
        return longest.Instance is null
            ? "no pauses"
            : string.Create(CultureInfo.InvariantCulture, $"longest pause between episodes: {longest.Pause / (double)Stopwatch.Frequency:F1} s ({longest.Instance}, {longest.From} -> {longest.To})");
    }

    private static string Describe(EpisodeInterval i)
        => string.Create(CultureInfo.InvariantCulture, $"[{i.HostId} #{i.Sequence} {i.Begin}..{i.End} ({((i.End ?? i.Begin) - i.Begin) / (double)Stopwatch.Frequency * 1000:F1} ms) {i.Outcome ?? "never released"}]");

    private static IEnumerable<string> CheckHistory(IReadOnlyList<HistoryEvent> history, bool withTimer)
    {
        if (history.OfType<ExecutionStartedEvent>().Count() != 1)
        {
            yield return $"{history.OfType<ExecutionStartedEvent>().Count()} ExecutionStarted events";
        }

        var completions = history.OfType<ExecutionCompletedEvent>().ToList();
        if (completions is not [{ Status: OrchestrationRuntimeStatus.Completed }])
        {
            yield return $"ExecutionCompleted events: [{string.Join(", ", completions.Select(c => c.Status))}]";
        }

        var scheduled = history.OfType<TaskScheduledEvent>().ToList();
        if (scheduled.Count != FaultTasks.StepCount || scheduled.Select(s => s.EventId).Distinct().Count() != scheduled.Count || scheduled.Any(s => s.Name != FaultTasks.Step))
        {
            yield return $"TaskScheduled events: [{string.Join(", ", scheduled.Select(s => $"{s.EventId}:{s.Name}"))}], expected {FaultTasks.StepCount} distinct '{FaultTasks.Step}'";
        }

        var results = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId)
            .Concat(history.OfType<TaskFailedEvent>().Select(e => e.TaskScheduledId))
            .ToList();
        foreach (var task in scheduled)
        {
            var count = results.Count(r => r == task.EventId);
            if (count != 1)
            {
                yield return $"task {task.EventId} has {count} TaskCompleted/TaskFailed events";
            }
        }

        foreach (var orphan in results.Where(r => scheduled.All(s => s.EventId != r)).Distinct())
        {
            yield return $"a result for task {orphan}, which was never scheduled";
        }

        if (history.OfType<TaskFailedEvent>().FirstOrDefault() is { } failed)
        {
            yield return $"task {failed.TaskScheduledId} failed: {failed.FailureDetails}";
        }

        var timers = history.OfType<TimerCreatedEvent>().ToList();
        var fired = history.OfType<TimerFiredEvent>().ToList();
        if (timers.Count != (withTimer ? 1 : 0) || fired.Count != timers.Count || timers.Any(t => fired.Count(f => f.TimerId == t.EventId) != 1))
        {
            yield return $"TimerCreated [{string.Join(", ", timers.Select(t => t.EventId))}] and TimerFired [{string.Join(", ", fired.Select(f => f.TimerId))}], expected {(withTimer ? 1 : 0)} timer(s) fired once each";
        }
    }

    private static async Task<string> DescribeUnfinishedAsync(FaultTestEnvironment env, IReadOnlyList<OrchestrationMetadata> last, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var statuses = string.Join(", ", last.GroupBy(i => i.RuntimeStatus).Select(g => $"{g.Key}: {g.Count()}"));
        var lines = new List<string> { $"Not all {count} instances completed within {timeout.TotalSeconds} s; statuses: {statuses}; {Describe(env.Hosts.Select(h => h.ReadLog()))}. Some unfinished instances:" };
        foreach (var instance in last.Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Completed).Take(10))
        {
            var history = await env.Client.GetHistoryAsync(instance.InstanceId, cancellationToken);
            lines.Add($"  {instance.InstanceId} {instance.RuntimeStatus}, last updated {instance.LastUpdatedAt:HH:mm:ss.fff}: {string.Join(" ", history.Select(e => e.EventType))}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
