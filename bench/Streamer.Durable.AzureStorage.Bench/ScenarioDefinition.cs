namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>A scenario: <see cref="Instances"/> instances of <see cref="Orchestrator"/>, all started at once, each calling <see cref="ActivitiesPerInstance"/> no-op activities.</summary>
internal sealed record ScenarioDefinition(string Name, string Orchestrator, int Instances, int ActivitiesPerInstance)
{
    public int Activities => Instances * ActivitiesPerInstance;

    /// <summary>The same shape, smaller: for the warm-up run.</summary>
    public ScenarioDefinition Scaled(int divisor)
        => this with { Instances = Math.Max(1, Instances / divisor), ActivitiesPerInstance = Instances > 1 ? ActivitiesPerInstance : Math.Max(1, ActivitiesPerInstance / divisor) };
}
