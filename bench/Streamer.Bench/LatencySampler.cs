using System.Diagnostics;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>Runs an operation <c>total</c> times on <c>concurrency</c> workers (closed loop, optionally with think time) and times each call.</summary>
internal static class LatencySampler
{
    /// <summary>Latencies in ms of the calls that succeeded (the operation returns false for a wrong answer), and how many failed.</summary>
    /// <param name="pause">Think time after each call (none by default: closed loop).</param>
    public static async Task<(List<double> Milliseconds, int Failures)> RunAsync(int concurrency, int total, Func<int, Task<bool>> operation, TimeSpan pause = default)
    {
        var latencies = new List<double>(total);
        var failures = 0;
        var next = -1;
        var gate = new Lock();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var index && index < total)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(index);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                var elapsed = MonotonicClock.Since(started);
                lock (gate)
                {
                    if (ok)
                    {
                        latencies.Add(elapsed);
                    }
                    else
                    {
                        failures++;
                    }
                }

                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }
            }
        }));
        await Task.WhenAll(workers);
        return (latencies, failures);
    }
}
