using System.Globalization;
using System.Reflection;
using System.Text;
using Streamer.Bench.Common;

namespace Streamer.Durable.Bench;

/// <summary>Writes the results as Markdown that can be pasted into BENCHMARKS.md as-is.</summary>
internal sealed class MarkdownReport(BenchOptions options, string loadAtStart)
{
    /// <summary>The retired engine's raw probe figures (BENCHMARKS.md, "Azure Storage backend on Azurite", median of 3 runs).</summary>
    private const double RetiredQueueCycles = 455;
    private const double RetiredBacklogCycles = 130;
    private const double RetiredBatches = 536;
    private const double RetiredCeiling = 210;

    private static readonly (string Label, string Resource, string[] Methods)[] RequestColumns =
    [
        ("control put", StorageRequests.ControlQueue, ["POST"]),
        ("control receive", StorageRequests.ControlQueue, ["GET"]),
        ("control delete", StorageRequests.ControlQueue, ["DELETE"]),
        ("control update", StorageRequests.ControlQueue, ["PUT"]),
        ("work-item put", StorageRequests.WorkItemQueue, ["POST"]),
        ("work-item receive", StorageRequests.WorkItemQueue, ["GET"]),
        ("work-item delete", StorageRequests.WorkItemQueue, ["DELETE"]),
        ("work-item update", StorageRequests.WorkItemQueue, ["PUT"]),
        ("History read", StorageRequests.HistoryTable, ["GET"]),
        ("History write", StorageRequests.HistoryTable, ["PUT", "PATCH", "POST", "MERGE"]),
        ("batch (history append)", StorageRequests.TableBatch, ["POST"]),
        ("Instances read", StorageRequests.InstancesTable, ["GET"]),
        ("Instances write", StorageRequests.InstancesTable, ["PUT", "PATCH", "POST", "MERGE"]),
        ("Partitions", StorageRequests.PartitionsTable, []),
        ("blob", StorageRequests.Blob, []),
    ];

    public string Write(IReadOnlyList<RawStorageRates> raw, IReadOnlyList<ScenarioResult> results, IReadOnlyList<IdleProbeResult> idle, IReadOnlyList<string> failures)
    {
        var text = new StringBuilder();
        var loadAtEnd = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Line(text, $"Streamer.Durable on DTFx (Microsoft.Azure.DurableTask.Core {Version("DurableTask.Core.TaskHubWorker, DurableTask.Core")}, "
            + $"Microsoft.Azure.DurableTask.AzureStorage {Version("DurableTask.AzureStorage.AzureStorageOrchestrationService, DurableTask.AzureStorage")}) — {BenchEnvironment.Describe()}; "
            + $"{DateTime.UtcNow:yyyy-MM-dd}; {options.Runs} run{(options.Runs == 1 ? string.Empty : "s")} of every configuration and scenario{(options.Runs > 1 ? ", median (min–max)" : string.Empty)}"
            + $"{(options.Smoke ? $"; SMOKE sizes (÷ {BenchOptions.SmokeDivisor}): not results" : string.Empty)}; load average at start {loadAtStart}, at the end {loadAtEnd}.");
        Line(text, string.Empty);
        WriteRaw(text, raw);
        var byGroup = results.GroupBy(r => (r.Scenario.Key, r.Configuration.Key)).Select(g => g.ToList()).ToList();
        var ceiling = raw.Count > 0 ? Statistics.Of(raw.Select(r => r.CeilingActivitiesPerSecond)).Median : double.NaN;
        WriteMain(text, raw, byGroup);
        WriteBest(text, byGroup);
        WriteDetails(text, byGroup, ceiling);
        WriteRequests(text, byGroup);
        WriteIdle(text, idle);
        WriteLegend(text);

        if (failures.Count > 0)
        {
            Line(text, string.Empty);
            Line(text, $"**{failures.Count} run(s) failed** and are left out of the tables above:");
            foreach (var failure in failures)
            {
                Line(text, $"- {failure}");
            }
        }

        var aged = results.Where(r => r.AzuriteAge > ScenarioRunner.AzuriteGcInterval).ToList();
        if (aged.Count > 0)
        {
            Line(text, string.Empty);
            Line(text, $"{aged.Count} run(s) outlived Azurite's 60 s in-memory GC interval, so a GC stall may be inside them: "
                + string.Join("; ", aged.Select(r => $"{r.Configuration.Key} / {r.Scenario.Name} ({r.Elapsed.TotalSeconds:F1} s)")) + ".");
        }

        Line(text, string.Empty);
        Line(text, "Failed storage requests in the measured windows (status ≥ 400 or no response; a 404 on a table read is DTFx looking up an instance or history that does not exist yet): "
            + string.Join("; ", byGroup.Select(g => $"{g[0].Configuration.Key} / {g[0].Scenario.Key}: {string.Join(" ", g.Select(r => r.Requests.DescribeFailures()))}")) + ".");
        return text.ToString();
    }

    private static void WriteRaw(StringBuilder text, IReadOnlyList<RawStorageRates> raw)
    {
        if (raw.Count == 0)
        {
            return;
        }

        var queue = Statistics.Of(raw.Select(r => r.QueueCyclesPerSecond));
        var backlog = Statistics.Of(raw.Select(r => r.QueueCyclesWithBacklogPerSecond));
        var upserts = Statistics.Of(raw.Select(r => r.UpsertsPerSecond));
        var batches = Statistics.Of(raw.Select(r => r.TableBatchesPerSecond));
        var ceiling = Statistics.Of(raw.Select(r => r.CeilingActivitiesPerSecond));
        Line(text, "Raw Azurite through the Azure SDK, no engine, 32 concurrent loops, on a fresh Azurite in the same run (requests counted per operation: "
            + $"{raw.Average(r => r.RequestsPerQueueCycle):F2} per queue cycle, {raw.Average(r => r.RequestsPerUpsert):F2} per upsert, {raw.Average(r => r.RequestsPerBatch):F2} per batch):");
        Line(text, string.Empty);
        Line(text, "| raw operation | measured | retired engine's run | ratio |");
        Line(text, "|---|---:|---:|---:|");
        Line(text, $"| queue cycle: send + receive + delete of one 300-char message, one shared queue | {Range(queue, "cycles/s")} | {RetiredQueueCycles:N0} cycles/s | {queue.Median / RetiredQueueCycles:F2} |");
        Line(text, $"| the same with {RawStorageProbe.Backlog:N0} messages waiting (as a fan-out leaves the work-item queue) | {Range(backlog, "cycles/s")} | {RetiredBacklogCycles:N0} cycles/s | {backlog.Median / RetiredBacklogCycles:F2} |");
        Line(text, $"| entity upsert (one row, its own partition per loop) | {Range(upserts, "upserts/s")} | — | — |");
        Line(text, $"| table batch: {RawStorageProbe.RowsPerBatch} upserts into one partition | {Range(batches, "batches/s")} ({batches.Median * RawStorageProbe.RowsPerBatch:N0} rows/s) | {RetiredBatches:N0} batches/s | {batches.Median / RetiredBatches:F2} |");
        Line(text, $"| **raw ceiling for one activity** = 1 / (2 / queue cycles/s + 2 / batched rows/s) | **{Range(ceiling, "activities/s")}** | {RetiredCeiling:N0} activities/s | {ceiling.Median / RetiredCeiling:F2} |");
        Line(text, string.Empty);
    }

    private static void WriteMain(StringBuilder text, IReadOnlyList<RawStorageRates> raw, IReadOnlyList<List<ScenarioResult>> groups)
    {
        Line(text, "Runner throughput: activities/s from the first start request until the benchmark saw the last instance completed; wall time; CPU of the host process and of Azurite as a share of one core (2 cores = 200 %).");
        Line(text, string.Empty);
        Line(text, "| figure | configuration | measured | retired engine figure | ratio |");
        Line(text, "|---|---|---:|---:|---:|");
        foreach (var group in groups)
        {
            var first = group[0];
            var rate = Statistics.Of(group.Select(r => r.ActivitiesPerSecond));
            var wall = Statistics.Of(group.Select(r => r.Elapsed.TotalSeconds));
            var median = Median(group);
            Line(text, $"| {first.Scenario.Name} ({first.Scenario.Activities:N0} activities) | {first.Configuration.Key} | {Range(rate, "activities/s")} · {wall.Median:F2} s · CPU {median.Cpu.Host:P0} + Azurite {Percent(median.Cpu.Azurite)} "
                + $"| {first.Scenario.RetiredActivitiesPerSecond:N0} activities/s | {rate.Median / first.Scenario.RetiredActivitiesPerSecond:F2} |");
        }

        if (raw.Count > 0)
        {
            var ceiling = Statistics.Of(raw.Select(r => r.CeilingActivitiesPerSecond));
            Line(text, $"| raw Azurite ceiling (no engine) | — | {Range(ceiling, "activities/s")} | {RetiredCeiling:N0} activities/s | {ceiling.Median / RetiredCeiling:F2} |");
        }

        Line(text, string.Empty);
    }

    private static void WriteBest(StringBuilder text, IReadOnlyList<List<ScenarioResult>> groups)
    {
        var scenarios = groups.Select(g => g[0].Scenario.Key).Distinct().ToList();
        foreach (var scenario in scenarios)
        {
            var best = groups.Where(g => g[0].Scenario.Key == scenario).MaxBy(g => Statistics.Of(g.Select(r => r.ActivitiesPerSecond)).Median)!;
            Line(text, $"- Best for {best[0].Scenario.Name}: **{best[0].Configuration.Key}**, {Statistics.Of(best.Select(r => r.ActivitiesPerSecond)).Median:N1} activities/s.");
        }

        // Overall: the geometric mean over the scenarios of (measured / retired figure), for configurations that ran them all.
        var overall = groups.GroupBy(g => g[0].Configuration.Key)
            .Where(c => c.Count() == scenarios.Count)
            .Select(c => (Key: c.Key, Score: Math.Exp(c.Average(g => Math.Log(Statistics.Of(g.Select(r => r.ActivitiesPerSecond)).Median / g[0].Scenario.RetiredActivitiesPerSecond)))))
            .OrderByDescending(c => c.Score)
            .ToList();
        if (overall.Count > 0)
        {
            Line(text, $"- Best overall (geometric mean over the scenarios of measured ÷ retired figure): **{overall[0].Key}** ({overall[0].Score:F2}); then "
                + string.Join(", ", overall.Skip(1).Select(c => $"{c.Key} {c.Score:F2}")) + ".");
        }

        Line(text, string.Empty);
    }

    private static void WriteDetails(StringBuilder text, IReadOnlyList<List<ScenarioResult>> groups, double ceiling)
    {
        Line(text, "Where the time goes (the median run of each): requests per activity the runner made; orchestration episodes (DTFx history checkpoints, `AppendedInstanceHistory`); "
            + "history loads (`FetchedInstanceHistory`: an episode that had to read the instance's history back) and the rows they read; orchestrator body starts and activity calls answered from history while replaying; "
            + "gaps between consecutive activity runs (in a single chain, one step); DTFx's own mean latency for a history load; the client-side mean latency of a history append (table batch), a work-item receive and a control-queue receive.");
        Line(text, string.Empty);
        Line(text, "| scenario | configuration | activities/s | % of raw ceiling | requests / activity | episodes | history loads (rows) | body starts | replayed calls | gap median / p90 / max ms | history load ms | history append ms | work-item receive ms | control receive ms |");
        Line(text, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in groups)
        {
            var r = Median(group);
            var gaps = r.SortedGapsMilliseconds;
            var gapCell = gaps.Length == 0 ? "—" : $"{gaps[gaps.Length / 2]:F0} / {gaps[(int)(gaps.Length * 0.9)]:F0} / {gaps[^1]:F0}";
            Line(text, $"| {r.Scenario.Key} | {r.Configuration.Key} | {r.ActivitiesPerSecond:N1} | {r.ActivitiesPerSecond / ceiling:P0} | {r.RequestsPerActivity:F1} | {r.Episodes:N0} "
                + $"| {r.HistoryLoads:N0} ({r.Logs.Sum(FrameworkLogCounter.FetchedHistory, "EventCount"):N0}) | {r.BodyStarts:N0} | {r.ReplayedCalls:N0} | {gapCell} "
                + $"| {r.Logs.Mean(FrameworkLogCounter.FetchedHistory, "LatencyMs"):F1} | {r.Requests.MeanMilliseconds(StorageRequests.TableBatch, "POST"):F1} "
                + $"| {r.Requests.MeanMilliseconds(StorageRequests.WorkItemQueue, "GET"):F1} | {r.Requests.MeanMilliseconds(StorageRequests.ControlQueue, "GET"):F1} |");
        }

        Line(text, string.Empty);
    }

    private static void WriteRequests(StringBuilder text, IReadOnlyList<List<ScenarioResult>> groups)
    {
        Line(text, "Storage requests per activity by resource and operation (median run; window from the first start request to 250 ms after the last completion, benchmark polls excluded; "
            + "queue: POST put, GET receive, DELETE delete, PUT visibility update; tables: `$batch` is a history append, Instances writes are the status row):");
        Line(text, string.Empty);
        Line(text, $"| scenario | configuration | {string.Join(" | ", RequestColumns.Select(c => c.Label))} | other | total |");
        Line(text, $"|---|---|{string.Concat(Enumerable.Repeat("---:|", RequestColumns.Length + 2))}");
        foreach (var group in groups)
        {
            var r = Median(group);
            double PerActivity(long count) => count / (double)r.Scenario.Activities;
            var counted = 0L;
            var cells = new List<string>();
            foreach (var (_, resource, methods) in RequestColumns)
            {
                var count = methods.Length == 0 ? r.Requests.Resource(resource) : methods.Sum(m => r.Requests.Get(resource, m));
                counted += count;
                cells.Add(PerActivity(count).ToString("F2", CultureInfo.InvariantCulture));
            }

            Line(text, $"| {r.Scenario.Key} | {r.Configuration.Key} | {string.Join(" | ", cells)} | {PerActivity(r.Requests.Total - counted):F2} | {r.RequestsPerActivity:F2} |");
        }

        Line(text, string.Empty);
    }

    private static void WriteIdle(StringBuilder text, IReadOnlyList<IdleProbeResult> idle)
    {
        if (idle.Count == 0)
        {
            return;
        }

        Line(text, "Cold idle queues: after the warm-up the task hub sat idle, then one 1-step orchestration (control queue → work-item queue → control queue) was started and timed to completion, "
            + "first from the host's own client, then (after the same idle time again) from a client on a second service instance over the same task hub, as another process would start it:");
        Line(text, string.Empty);
        Line(text, "| configuration | idle | started by the host's client | started by another client |");
        Line(text, "|---|---:|---:|---:|");
        foreach (var probe in idle)
        {
            Line(text, $"| {probe.Configuration.Key} | {probe.Idle.TotalSeconds:F0} s | {probe.SameProcess.TotalSeconds:F2} s | {probe.OtherClient.TotalSeconds:F2} s |");
        }

        Line(text, string.Empty);
    }

    private static void WriteLegend(StringBuilder text)
    {
        Line(text, "Configurations (host.json `extensions.durableTask` keys; \"tuned\" = the shipped host.json + extendedSessionsEnabled + maxQueuePollingInterval 1 s):");
        Line(text, string.Empty);
        foreach (var configuration in BenchConfiguration.All)
        {
            Line(text, $"- `{configuration.Key}`: {configuration.Description}; overrides: {configuration.DescribeOverrides()}.");
        }
    }

    private static ScenarioResult Median(List<ScenarioResult> group) => group.OrderBy(r => r.Elapsed).ElementAt(group.Count / 2);

    private static string Range(Statistics statistics, string unit)
        => statistics.Min == statistics.Max ? $"{statistics.Median:N1} {unit}" : $"{statistics.Median:N1} {unit} ({statistics.Min:N1}–{statistics.Max:N1})";

    private static string Percent(double? share) => share is { } value ? value.ToString("P0", CultureInfo.InvariantCulture) : "n/a";

    private static string Version(string typeName)
        => Type.GetType(typeName)?.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
