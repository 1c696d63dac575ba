namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>One measured run of a scenario: wall time from the first start request to observed completion of the last instance, and what it cost.</summary>
/// <param name="ActivityTimes">When each activity finished executing, from the first start request, in order.</param>
/// <param name="Cpu">CPU used by the host process and by Azurite during the run, as a share of one core.</param>
internal sealed record ScenarioResult(
    ScenarioDefinition Scenario,
    TimeSpan Elapsed,
    StorageOpCounts StorageOps,
    IReadOnlyDictionary<string, long> WorkerCounters,
    IReadOnlyList<TimeSpan> ActivityTimes,
    CpuShare Cpu)
{
    public double ActivitiesPerSecond => Scenario.Activities / Elapsed.TotalSeconds;

    public double OrchestrationsPerSecond => Scenario.Instances / Elapsed.TotalSeconds;

    /// <summary>Storage requests per second the engine drove (benchmark polls excluded; counted until 250 ms after completion, divided by the run's time).</summary>
    public double StorageOpsPerSecond => StorageOps.Total / Elapsed.TotalSeconds;

    public double StorageOpsPerActivity => StorageOps.Total / (double)Scenario.Activities;

    public TimeSpan FirstActivity => ActivityTimes.Count > 0 ? ActivityTimes[0] : TimeSpan.Zero;

    public TimeSpan LastActivity => ActivityTimes.Count > 0 ? ActivityTimes[^1] : TimeSpan.Zero;

    /// <summary>Milliseconds between consecutive activity completions: in a single chain, the time one step takes.</summary>
    public IEnumerable<double> ActivityGapsMilliseconds => ActivityTimes.Zip(ActivityTimes.Skip(1), (a, b) => (b - a).TotalMilliseconds);

    /// <summary>Azurite's resident memory at the end, when known.</summary>
    public double? AzuriteMegabytes { get; init; }

    /// <summary>How long this run's Azurite had been up when the run ended (see <see cref="EngineScenarioRunner.AzuriteGcInterval"/>).</summary>
    public TimeSpan AzuriteAge { get; init; }

    public long Counter(string name) => WorkerCounters.GetValueOrDefault(name);
}
