namespace Streamer.Bench.HostHook;

/// <summary>The <c>bench_progress</c> payload (snake_case on the wire).</summary>
/// <param name="Reports">How many progress reports the single chunk makes.</param>
/// <param name="IntervalMs">Pause after each report.</param>
/// <param name="StageEach">Give every report its own stage, so the publisher sends each at once instead of throttling.</param>
public sealed record BenchProgressPayload(int Reports = 0, int IntervalMs = 100, bool StageEach = false);
