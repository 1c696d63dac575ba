namespace Streamer.Bench.Common;

/// <summary>
/// A process's memory right after a forced, compacting full collection: the managed heap that is still live, and the
/// working set. Served by the benchmark hook inside the host and by the baseline server, read by the harness.
/// </summary>
public sealed record GcSnapshot(long LiveHeapBytes, long WorkingSetBytes, long CommittedBytes)
{
    /// <summary>Collects twice (finalizers in between free what they held) and reads the figures.</summary>
    public static GcSnapshot Take()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return new GcSnapshot(GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet, info.TotalCommittedBytes);
    }
}
