using System.Globalization;
using System.Text;
using Streamer.Bench.Common;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>Writes the results as Markdown that can be pasted into BENCHMARKS.md as-is.</summary>
internal sealed class MarkdownReport(int runs, int concurrency, TimeSpan rawWindow)
{
    private const double FanOutTarget = 250;
    private const double RatioTarget = 0.5;

    private static readonly (string Label, string Service, string Method)[] Columns =
    [
        ("queue put (POST)", "queue", "POST"),
        ("queue receive (GET)", "queue", "GET"),
        ("queue delete (DELETE)", "queue", "DELETE"),
        ("queue update (PUT)", "queue", "PUT"),
        ("table read (GET)", "table", "GET"),
        ("table batch or insert (POST)", "table", "POST"),
        ("table upsert (PUT)", "table", "PUT"),
    ];

    private static readonly (string Label, string Service, string Method)[] LatencyColumns =
    [
        ("queue put", "queue", "POST"),
        ("queue receive", "queue", "GET"),
        ("queue delete", "queue", "DELETE"),
        ("table read", "table", "GET"),
        ("table batch", "table", "POST"),
        ("table upsert", "table", "PUT"),
    ];

    /// <param name="raw">The raw rates of every measured run.</param>
    /// <param name="measured">Per scenario, its successful runs.</param>
    /// <param name="failures">Scenario runs that failed.</param>
    public string Write(IReadOnlyList<RawStorageRates> raw, IReadOnlyList<IReadOnlyList<ScenarioResult>> measured, IReadOnlyList<string> failures)
    {
        var byScenario = measured.Where(m => m.Count > 0).ToList();
        var text = new StringBuilder();
        Line(text, $"Streamer.Durable on the Azure Storage backend — {BenchEnvironment.Describe()}; 1 warm-up run (scenarios ÷ 10), then {runs} measured run{(runs == 1 ? string.Empty : "s")}; median (min–max) over the runs.");
        Line(text, $"One host: Host.CreateApplicationBuilder + AddDurableTask(...UseBackend(AzureStorageOrchestrationBackend)) with the worker limits of Streamer.Functions/host.json "
            + $"({EngineScenarioRunner.MaxConcurrentActivityFunctions} activities, {EngineScenarioRunner.MaxConcurrentOrchestratorFunctions} orchestrations at once) and the backend's defaults "
            + "(4 control queues, MaxQueuePollingInterval 30 s); activities are no-ops. "
            + "Every raw probe and every scenario run gets a fresh Azurite and task hub: in memory, Azurite's queue garbage collection (at start, then every 60 s) "
            + "blocks it for a time quadratic in the messages sent since the last pass (4,000 messages: a 33 s stall).");
        Line(text, string.Empty);

        Line(text, $"Raw Azurite through the Azure SDK, no engine, {concurrency} concurrent loops, a {rawWindow.TotalSeconds:0} s window per probe in every run:");
        Line(text, string.Empty);
        Line(text, "| raw operation | median | min–max | requests counted per operation | requests/s (median) |");
        Line(text, "|---|---:|---:|---:|---:|");
        var queue = Statistics.Of(raw.Select(r => r.QueueCyclesPerSecond));
        var backlog = Statistics.Of(raw.Select(r => r.QueueCyclesWithBacklogPerSecond));
        var batches = Statistics.Of(raw.Select(r => r.TableBatchesPerSecond));
        var rows = Statistics.Of(raw.Select(r => r.TableRowsPerSecond));
        var ceiling = Statistics.Of(raw.Select(r => r.CeilingActivitiesPerSecond));
        Line(text, $"| queue cycle: put + receive + delete of one 300-char message, one shared queue | {queue.Median:N0} cycles/s | {queue.Min:N0}–{queue.Max:N0} | {raw.Sum(r => r.QueueOps.Total) / (double)raw.Sum(r => r.QueueCycles):F2} | {queue.Median * 3:N0} |");
        Line(text, $"| the same with {RawStorageProbe.Backlog:N0} messages waiting in the queue (as in a fan-out; not used in the ceiling) | {backlog.Median:N0} cycles/s | {backlog.Min:N0}–{backlog.Max:N0} | | {backlog.Median * 3:N0} |");
        Line(text, $"| table batch: {RawStorageProbe.RowsPerBatch} upserts into one partition per loop | {batches.Median:N0} batches/s | {batches.Min:N0}–{batches.Max:N0} | {raw.Sum(r => r.TableOps.Total) / (double)raw.Sum(r => r.TableBatches):F2} | {batches.Median:N0} |");
        Line(text, $"| table rows written in those batches | {rows.Median:N0} rows/s | {rows.Min:N0}–{rows.Max:N0} | | |");
        Line(text, $"| **raw ceiling for one activity** = 1 / (2 / queue cycles/s + 2 / rows/s) | **{ceiling.Median:N0} activities/s** | {ceiling.Min:N0}–{ceiling.Max:N0} | | |");
        Line(text, string.Empty);

        Line(text, "Engine: activities/s and orchestrations/s are medians (min–max); the last two columns divide the median activities/s by the median raw ceiling and by the median raw queue cycles/s.");
        Line(text, string.Empty);
        Line(text, "| scenario | activities | median s | activities/s | orchestrations/s | storage requests / activity | storage requests/s | % of raw ceiling | ÷ raw queue cycles/s |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var results in byScenario)
        {
            var scenario = results[0].Scenario;
            var seconds = Statistics.Of(results.Select(r => r.Elapsed.TotalSeconds));
            var activities = Statistics.Of(results.Select(r => r.ActivitiesPerSecond));
            var orchestrations = Statistics.Of(results.Select(r => r.OrchestrationsPerSecond));
            var ops = Statistics.Of(results.Select(r => r.StorageOpsPerActivity));
            var requests = Statistics.Of(results.Select(r => r.StorageOpsPerSecond));
            var ofCeiling = activities.Median / ceiling.Median;
            var ofQueue = activities.Median / queue.Median;
            Line(text, $"| {scenario.Name} | {scenario.Activities:N0} | {seconds.Median:F2} | {activities.Median:N0} ({activities.Min:N0}–{activities.Max:N0}) "
                + $"| {(scenario.Instances > 1 ? $"{orchestrations.Median:N1} ({orchestrations.Min:N1}–{orchestrations.Max:N1})" : "—")} "
                + $"| {ops.Median:F1} ({ops.Min:F1}–{ops.Max:F1}) | {requests.Median:N0} | {ofCeiling:P0} | {ofQueue:F2} |");
        }

        Line(text, string.Empty);
        Line(text, "Storage requests per activity by service and HTTP method (mean over the measured runs; the window runs from the first start request to 250 ms after the last instance completed, so it includes instance creation and any idle polling):");
        Line(text, string.Empty);
        Line(text, $"| scenario | {string.Join(" | ", Columns.Select(c => c.Label))} | other | blob (leases) | total | episodes / activity | replays |");
        Line(text, $"|---|{string.Concat(Enumerable.Repeat("---:|", Columns.Length + 5))}");
        foreach (var results in byScenario)
        {
            var scenario = results[0].Scenario;
            double PerActivity(Func<StorageOpCounts, long> pick) => results.Average(r => pick(r.StorageOps)) / scenario.Activities;
            var cells = Columns.Select(c => PerActivity(o => o.Get(c.Service, c.Method)).ToString("F2", CultureInfo.InvariantCulture));
            var other = PerActivity(o => o.Total - o.Service("blob") - Columns.Sum(c => o.Get(c.Service, c.Method)));
            Line(text, $"| {scenario.Name} | {string.Join(" | ", cells)} | {other:F2} | {PerActivity(o => o.Service("blob")):F2} | {PerActivity(o => o.Total):F2} "
                + $"| {results.Average(r => r.Counter(WorkerCounters.Episodes)) / scenario.Activities:F2} | {results.Sum(r => r.Counter(WorkerCounters.Replays))} |");
        }

        Line(text, string.Empty);
        Line(text, "Where the time goes, from the median run of each scenario: seconds from the first start request; the time between consecutive activity completions "
            + "(in the single chain, one step); CPU of the host process and of Azurite as a share of one core (Azurite is one Node.js event loop, so about 100 % is its limit); "
            + "and the mean latency of each kind of request as the client saw it (all measured runs), next to the raw probes':");
        Line(text, string.Empty);
        Line(text, $"| scenario | first activity done | last activity done | completion seen | episodes/s | gap between activities: median / p90 / max ms | CPU host | CPU Azurite | {string.Join(" | ", LatencyColumns.Select(c => c.Label + " ms"))} |");
        Line(text, $"|---|{string.Concat(Enumerable.Repeat("---:|", LatencyColumns.Length + 7))}");
        foreach (var results in byScenario)
        {
            var median = results.OrderBy(r => r.Elapsed).ElementAt(results.Count / 2);
            var gaps = median.ActivityGapsMilliseconds.Order().ToArray();
            var gapCell = gaps.Length == 0 ? "—" : $"{gaps[gaps.Length / 2]:F0} / {gaps[(int)(gaps.Length * 0.9)]:F0} / {gaps[^1]:F0}";
            Line(text, $"| {median.Scenario.Name} | {median.FirstActivity.TotalSeconds:F2} | {median.LastActivity.TotalSeconds:F2} | {median.Elapsed.TotalSeconds:F2} "
                + $"| {median.Counter(WorkerCounters.Episodes) / median.Elapsed.TotalSeconds:N0} | {gapCell} | {median.Cpu.Host:P0} | {Percent(median.Cpu.Azurite)} "
                + $"| {string.Join(" | ", LatencyColumns.Select(c => Latency(results.Select(r => r.StorageOps), c)))} |");
        }

        var medianRaw = raw.OrderBy(r => r.QueueCyclesPerSecond).ElementAt(raw.Count / 2);
        Line(text, $"| raw probes (queue / table) | | | | | | {medianRaw.QueueCpu.Host:P0} / {medianRaw.TableCpu.Host:P0} | {Percent(medianRaw.QueueCpu.Azurite)} / {Percent(medianRaw.TableCpu.Azurite)} "
            + $"| {string.Join(" | ", LatencyColumns.Select(c => Latency(raw.Select(r => c.Service == "queue" ? r.QueueOps : r.TableOps), c)))} |");
        Line(text, string.Empty);
        var fanOut = byScenario.FirstOrDefault(r => r[0].Scenario.Orchestrator == BenchTasks.FanOut);
        if (fanOut is not null)
        {
            var rate = Statistics.Of(fanOut.Select(r => r.ActivitiesPerSecond)).Median;
            var ratio = rate / ceiling.Median;
            Line(text, $"Targets (fan-out): ≥ {FanOutTarget:N0} activities/s — measured {rate:N0}/s, {(rate >= FanOutTarget ? "met" : "not met")}; "
                + $"≥ {RatioTarget:P0} of the raw ceiling — measured {ratio:P0}, {(ratio >= RatioTarget ? "met" : "not met")}.");
        }

        if (failures.Count > 0)
        {
            Line(text, string.Empty);
            Line(text, $"**{failures.Count} scenario run(s) failed** and are left out of the tables above:");
            foreach (var failure in failures)
            {
                Line(text, $"- {failure}");
            }
        }

        Line(text, string.Empty);
        Line(text, "Failed storage requests in the measured windows (status ≥ 400 or no response). A table GET 404 is expected: the lookup of an instance before it is created and of the history sentinel before the first episode; "
            + "a queue DELETE 404/400 would be the backend dropping a duplicate: "
            + string.Join("; ", byScenario.Select(r => $"{r[0].Scenario.Name}: {DescribeFailures(r.Select(x => x.StorageOps))}")) + ".");
        var aged = byScenario.SelectMany(r => r).Where(r => r.AzuriteAge > EngineScenarioRunner.AzuriteGcInterval).ToList();
        if (aged.Count > 0)
        {
            Line(text, string.Empty);
            Line(text, $"{aged.Count} measured run(s) outlived Azurite's 60 s GC interval, so a GC stall may be inside them: "
                + string.Join("; ", aged.Select(r => $"{r.Scenario.Name} ({r.Elapsed.TotalSeconds:F1} s)")) + ".");
        }

        Line(text, string.Empty);
        Line(text, "Benchmark's own completion polls, not counted above (mean per run): "
            + string.Join("; ", byScenario.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r[0].Scenario.Name} {r.Average(x => x.StorageOps.BenchmarkPolls):F0}"))) + ".");
        return text.ToString();
    }

    /// <summary>Mean latency of one kind of request over all the given windows, or a dash when there was none.</summary>
    private static string Latency(IEnumerable<StorageOpCounts> windows, (string Label, string Service, string Method) column)
    {
        var key = (column.Service, column.Method);
        var list = windows.ToList();
        var count = list.Sum(w => w.Get(column.Service, column.Method));
        return count == 0 ? "—" : (list.Sum(w => w.Seconds.GetValueOrDefault(key)) * 1000 / count).ToString("F1", CultureInfo.InvariantCulture);
    }

    private static string DescribeFailures(IEnumerable<StorageOpCounts> windows)
    {
        var totals = windows.SelectMany(w => w.Failures).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        return totals.Count == 0 ? "none" : string.Join(", ", totals.OrderBy(t => t.Key).Select(t => $"{t.Key.Service} {t.Key.Method} {t.Key.Outcome} ×{t.Value}"));
    }

    private static string Percent(double? share) => share is { } value ? value.ToString("P0", CultureInfo.InvariantCulture) : "n/a";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
