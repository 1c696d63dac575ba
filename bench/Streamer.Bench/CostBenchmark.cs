using System.Globalization;
using System.Text;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// Figure "cost" (issue 18, bounded cost): for each cell of chunks × payload, one sequential <c>bench_cost</c> request
/// whose chunks do nothing, so the time per chunk, the worker's storage calls per chunk, the history bytes per chunk and
/// the host's peak memory growth are the engine's alone (see <see cref="CostCellRun"/>); with the raw storage ceiling
/// of the same run and the issue's two ratios. Writes a table of its own; the cells' details go to the raw lines.
/// </summary>
internal static class CostBenchmark
{
    private const double GoalRatio = 1.3;

    /// <summary>The raw ceiling's burst: as many writes at once as the starts figure sends, so the two read alike.</summary>
    private const int RawCount = 200;

    /// <summary>Below this a tenth of the chunks lasts only a few status polls, too coarse to show a trend.</summary>
    private const int PaceFrom = 1_000;

    public static async Task RunAsync(CostOptions options, BenchReport report)
    {
        await RawCeilingAsync(report);
        var results = new List<(CostCell Cell, CostCellResult? Result, string? NotRun)>();
        foreach (var cell in options.Cells)
        {
            if (cell.SkippedByDefault && !options.All)
            {
                results.Add((cell, null, string.Create(CultureInfo.InvariantCulture, $"not run by default: ~{cell.CarriedBytes / 1e9:0.#} GB of chunks × payload, which the engine before issue 18 carried through storage; no goal compares it; --all runs it")));
                continue;
            }

            Console.Error.WriteLine($"  cost {cell.Name} (timeout {options.CellTimeout.TotalSeconds:F0} s)");
            try
            {
                var result = await CostCellRun.RunAsync(cell, options.CellTimeout);
                results.Add((cell, result, null));
                report.Raw(Describe(result, options.CellTimeout));
            }
            catch (Exception ex)
            {
                // One cell failing (a host that ran out of memory, a start that was refused) must not hide the others.
                results.Add((cell, null, $"failed: {ex.GetType().Name}: {ex.Message.Split(Environment.NewLine)[0]}"));
                report.Raw($"cost {cell.Name} FAILED: {ex.GetType().Name}: {ex.Message}");
            }
        }

        report.Section(Write(options, results));
    }

    private static async Task RawCeilingAsync(BenchReport report)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var raw = await RawStorageBurst.RunAsync(azurite.ConnectionString, RawCount);
        static string Rate(RawBurst burst) => string.Create(CultureInfo.InvariantCulture, $"{RawCount / (burst.AllDoneMilliseconds / 1000):F0}/s ({burst.Latency})");
        report.Raw($"cost raw storage ceiling from the harness (Azure SDK → a fresh Azurite, no host, {RawCount} at once): single-entity table inserts {Rate(raw.TableInserts)}; queue puts {Rate(raw.QueuePuts)}; 3-write sequences (2-row transaction, insert, queue put) {Rate(raw.StartSequences)}");
    }

    private static string Describe(CostCellResult r, TimeSpan timeout)
    {
        var calls = string.Join(", ", r.StorageCallsByMethod.OrderByDescending(c => c.Value.Count).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value.Count / (double)Math.Max(1, r.CompletedChunks):F2} × {c.Value.MeanMilliseconds:F1} ms")));
        var h = r.History;
        var pace = r.Cell.Chunks >= PaceFrom ? $"ms/chunk by tenth of the chunks {r.TenthMilliseconds}; " : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"cost {r.Cell.Name}: {(r.Finished ? r.RuntimeStatus : $"TIMED OUT after {timeout.TotalSeconds:F0} s ({r.RuntimeStatus})")}, {r.CompletedChunks:N0} chunks in {r.Seconds:F2} s (harness POST → final status {r.WallSeconds:F2} s); "
            + $"worker storage calls per chunk {r.StorageCallsPerChunk():F2} ({calls}; per chunk × mean latency as the host saw it); "
            + $"{pace}"
            + $"history {h.Rows:N0} rows ({h.TaskCompletedRows:N0} TaskCompleted) {h.RowBytes:N0} B + large-message blobs {(h.Blobs == 0 ? "none" : string.Join(", ", h.BlobsByKind.Select(b => $"{b.Key} {b.Value.Count:N0} blobs {b.Value.Bytes:N0} B")))}; "
            + $"host RSS before {r.RssBeforeMiB:F1} MiB, peak {r.PeakMiB:F1} MiB; CPU host {r.HostCpuSeconds:F1} s, Azurite {r.AzuriteCpuSeconds:F1} s; load {r.LoadAverage}; host warnings: {r.Warnings}");
    }

    private static string Write(CostOptions options, List<(CostCell Cell, CostCellResult? Result, string? NotRun)> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Cost per chunk (issue 18) — {BenchEnvironment.Describe()}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; `{options.Command}`; cell timeout {options.CellTimeout.TotalSeconds:F0} s");
        text.AppendLine();
        text.AppendLine("| chunks | payload | total s | ms/chunk | storage calls/chunk (blob/queue/table) | history bytes/chunk (rows) | peak RSS growth MiB |");
        text.AppendLine("|---:|---|---:|---:|---|---:|---:|");
        foreach (var (cell, r, notRun) in results)
        {
            text.AppendLine(r is null
                ? string.Create(CultureInfo.InvariantCulture, $"| {cell.Chunks:N0} | {cell.Payload.Label} | {notRun} | | | | |")
                : string.Create(CultureInfo.InvariantCulture,
                    $"| {cell.Chunks:N0} | {cell.Payload.Label} | {(r.Finished ? Number(r.Seconds) : $"timed out at {r.Seconds:F0}")} | {Number(r.MillisecondsPerChunk)}{(r.Finished ? string.Empty : $" so far ({r.CompletedChunks:N0} of {cell.Chunks:N0} chunks)")} "
                    + $"| {r.StorageCallsPerChunk():F1} ({r.StorageCallsPerChunk("blob"):F1}/{r.StorageCallsPerChunk("queue"):F1}/{r.StorageCallsPerChunk("table"):F1}) | {r.HistoryBytesPerChunk:N0} ({r.History.Rows:N0}) | {r.PeakGrowthMiB:F1} |"));
        }

        text.AppendLine();
        var measured = results.Where(x => x.Result is not null).ToDictionary(x => (x.Cell.Chunks, x.Cell.Payload.Bytes), x => x.Result!);
        text.AppendLine("- " + Goal("time per chunk, 1 MB vs 1 KB payload at 1,000 chunks", measured, (1_000, 1_000_000), (1_000, 1_000)));
        text.AppendLine("- " + Goal("time per chunk, 10,000 vs 100 chunks at 1 KB", measured, (10_000, 1_000), (100, 1_000)));
        foreach (var (cell, _, notRun) in results.Where(x => x.Result is null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {cell.Name}: {notRun}");
        }

        return text.ToString();
    }

    private static string Goal(string name, Dictionary<(int, int), CostCellResult> measured, (int, int) over, (int, int) under)
    {
        if (!measured.TryGetValue(over, out var a) || !measured.TryGetValue(under, out var b))
        {
            return $"{name} (goal ≤ {GoalRatio}×): not measured (a cell was not run)";
        }

        var ratio = a.MillisecondsPerChunk / b.MillisecondsPerChunk;
        var partial = a.Finished && b.Finished ? string.Empty : "; a cell timed out, so its ms/chunk so far";
        return string.Create(CultureInfo.InvariantCulture,
            $"{name} (goal ≤ {GoalRatio}×): {Number(a.MillisecondsPerChunk)} / {Number(b.MillisecondsPerChunk)} ms = {ratio:0.00}× — {(ratio <= GoalRatio ? "met" : "MISSED")}{partial}");
    }

    private static string Number(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
