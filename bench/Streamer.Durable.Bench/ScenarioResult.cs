namespace Streamer.Durable.Bench;

/// <summary>
/// One measured run of a scenario under a configuration: wall time from the first start request to the benchmark
/// seeing the last instance completed, the CPU it took, the storage requests the runner made, DTFx's log counts and the
/// orchestrators' replay counts.
/// </summary>
/// <param name="ActivityTimes">When each activity ran, from the first start request, in order.</param>
internal sealed record ScenarioResult(
    BenchConfiguration Configuration,
    ScenarioDefinition Scenario,
    TimeSpan Elapsed,
    CpuShare Cpu,
    StorageRequests Requests,
    FrameworkLogCounts Logs,
    long BodyStarts,
    long ReplayedCalls,
    IReadOnlyList<TimeSpan> ActivityTimes)
{
    public double ActivitiesPerSecond => Scenario.Activities / Elapsed.TotalSeconds;

    public double RequestsPerActivity => Requests.Total / (double)Scenario.Activities;

    /// <summary>History checkpoints DTFx wrote: one per orchestration episode.</summary>
    public long Episodes => Logs.Count(FrameworkLogCounter.AppendedHistory);

    /// <summary>History loads from the History table (an episode that did not find the instance in memory).</summary>
    public long HistoryLoads => Logs.Count(FrameworkLogCounter.FetchedHistory);

    /// <summary>Milliseconds between consecutive activity runs: in a single chain, the time one step takes.</summary>
    public double[] SortedGapsMilliseconds => [.. ActivityTimes.Zip(ActivityTimes.Skip(1), (a, b) => (b - a).TotalMilliseconds).Order()];

    /// <summary>Azurite's resident memory at the end, when known.</summary>
    public double? AzuriteMegabytes { get; init; }

    /// <summary>How long this run's Azurite had been up when it ended (see <see cref="ScenarioRunner.AzuriteGcInterval"/>).</summary>
    public TimeSpan AzuriteAge { get; init; }

    /// <summary>How long the host took from StartAsync to a completed warm-up orchestration (worker started, partitions owned).</summary>
    public TimeSpan WarmUp { get; init; }
}

/// <summary>How long one 1-step orchestration took after the task hub sat idle, started from the host's own client and from a client on another service instance (another process, say).</summary>
internal sealed record IdleProbeResult(BenchConfiguration Configuration, TimeSpan Idle, TimeSpan SameProcess, TimeSpan OtherClient);
