using System.Collections.Concurrent;
using System.Diagnostics;

namespace Streamer.Bench.HostHook;

/// <summary>
/// When each <c>POST /api/requests</c> entered the host's pipeline (the hook's middleware runs first) and when its
/// answer was written, as <see cref="Stopwatch.GetTimestamp"/> (the harness's clock too), with the thread pool's size
/// at entry: the harness subtracts its own send time to split a start's latency into "waiting to be served" (client,
/// TCP accept, Kestrel, thread pool) and "served" (the host's own work).
/// </summary>
internal sealed class RequestTimings
{
    private readonly ConcurrentQueue<StartTiming> _starts = new();

    public void Record(long entered, long left, int status) => _starts.Enqueue(new StartTiming(entered, left, status, ThreadPool.ThreadCount));

    public IReadOnlyList<StartTiming> Snapshot() => [.. _starts];

    public void Reset() => _starts.Clear();
}

/// <summary>One start as the host served it (see <see cref="RequestTimings"/>).</summary>
internal sealed record StartTiming(long Entered, long Left, int Status, int Threads);

/// <summary>The thread pool now (<c>/bench/threads</c>).</summary>
internal sealed record ThreadPoolSnapshot(int Threads, long Pending, long Completed, int MinWorkers, int MinIo)
{
    public static ThreadPoolSnapshot Take()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        return new ThreadPoolSnapshot(ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, ThreadPool.CompletedWorkItemCount, workers, io);
    }
}
