using System.Diagnostics;

namespace Streamer.Bench.Common;

/// <summary>
/// <see cref="Stopwatch.GetTimestamp"/> is CLOCK_MONOTONIC in nanoseconds on Linux, the same clock in every process
/// on the machine, so a timestamp taken in the host and one taken in the benchmark can be subtracted.
/// </summary>
public static class MonotonicClock
{
    /// <summary>Milliseconds from <paramref name="earlier"/> to <paramref name="later"/>, both from <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static double Milliseconds(long earlier, long later) => (later - earlier) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Milliseconds from <paramref name="earlier"/> until now.</summary>
    public static double Since(long earlier) => Milliseconds(earlier, Stopwatch.GetTimestamp());
}
