namespace Streamer.Durable.Bench;

/// <summary>
/// A scenario: <see cref="Instances"/> instances of <see cref="Orchestrator"/>, all started at once, each calling
/// <see cref="ActivitiesPerInstance"/> no-op activities; <see cref="RetiredActivitiesPerSecond"/> is the retired engine's
/// figure for the same shape (BENCHMARKS.md, "Azure Storage backend on Azurite").
/// </summary>
internal sealed record ScenarioDefinition(string Key, string Name, string Orchestrator, int Instances, int ActivitiesPerInstance, double RetiredActivitiesPerSecond)
{
    public int Activities => Instances * ActivitiesPerInstance;

    /// <summary>The same shape, smaller (for the smoke run).</summary>
    public ScenarioDefinition Scaled(int divisor)
        => this with
        {
            Name = $"{Name} ÷ {divisor}",
            Instances = Math.Max(1, Instances / divisor),
            ActivitiesPerInstance = Instances > 1 ? ActivitiesPerInstance : Math.Max(1, ActivitiesPerInstance / divisor),
        };

    public static IReadOnlyList<ScenarioDefinition> All { get; } =
    [
        new("chain", "sequential chain, 1 × 100", BenchTasks.Chain, 1, 100, 39),
        new("fanout", "fan-out/fan-in, 1 × 1,000", BenchTasks.FanOut, 1, 1_000, 144),
        new("chains", "200 concurrent 5-step chains", BenchTasks.Chain, 200, 5, 75),
    ];
}
