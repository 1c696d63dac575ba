using System.Globalization;

namespace Streamer.Bench.Common;

/// <summary>Percentiles of many latency samples in milliseconds (nearest-rank, so p99 is a value that was observed).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>Summarizes <paramref name="milliseconds"/>; throws when there are none, because a figure without samples is a failed measurement.</summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No samples.", nameof(milliseconds));
        }

        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    /// <summary>One line for the raw output, e.g. <c>n=500 p50=3.1 p90=4.0 p99=7.9 max=12.0 mean=3.4 ms</c>.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"n={Count} p50={P50:F2} p90={P90:F2} p99={P99:F2} max={Max:F2} mean={Mean:F2} ms");

    private static double Rank(double[] sorted, double quantile)
        => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
