namespace Streamer.Bench.HostHook;

/// <summary>The <c>bench_cost</c> payload (snake_case on the wire).</summary>
/// <param name="Chunks">How many chunks the plan has.</param>
/// <param name="Text">Ballast: never read by the chunks, it only makes the payload as large as the benchmark wants.</param>
public sealed record BenchCostPayload(int Chunks = 1, string Text = "");
