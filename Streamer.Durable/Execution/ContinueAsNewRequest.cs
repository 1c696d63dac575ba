namespace Streamer.Durable.Execution;

/// <summary>The orchestrator asked to restart with fresh history.</summary>
/// <param name="Input">The next generation's serialized input.</param>
/// <param name="PreserveUnprocessedEvents">Carry unconsumed events into the next generation.</param>
internal sealed record ContinueAsNewRequest(string? Input, bool PreserveUnprocessedEvents);
