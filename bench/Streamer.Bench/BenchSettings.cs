namespace Streamer.Bench;

/// <summary>Sample counts: the full run (under ~10 minutes on 2 cores) or <c>--quick</c> (about a minute, for development; its numbers are not results).</summary>
internal sealed record BenchSettings(
    bool Quick,
    int WarmUp,
    int HandoffSamples,
    int HandoffSamplesPerWorker32,
    int StatusSamples,
    int ProgressRequests,
    int ProgressReportsPerRequest,
    int ProgressIntervalMs,
    TimeSpan SustainedWindow,
    int SustainedRequests,
    int Connections,
    TimeSpan Settle,
    int FootprintRuns,
    int Starts)
{
    /// <summary>The command that produced the figures, printed in every row.</summary>
    public string Command => "dotnet run -c Release --project bench/Streamer.Bench" + (Quick ? " -- --quick" : string.Empty);

    // Starts: issue 12's 200 concurrent starts; the same in quick mode, since the figure is defined by it.
    // 32 concurrent requests: the activity slots of host.json (maxConcurrentActivityFunctions), so every one runs at once.
    public static BenchSettings Full { get; } = new(false, 30, 500, 25, 500, 8, 125, 100, TimeSpan.FromSeconds(10), 32, 10_000, TimeSpan.FromSeconds(5), 3, 200);

    public static BenchSettings QuickRun { get; } = new(true, 10, 60, 4, 60, 4, 15, 100, TimeSpan.FromSeconds(3), 32, 300, TimeSpan.FromSeconds(2), 1, 200);
}
