namespace Streamer.Bench;

/// <summary>One row of the summary table.</summary>
internal sealed record Figure(string Name, string Target, string Measured, string Baseline, string Ratio);
