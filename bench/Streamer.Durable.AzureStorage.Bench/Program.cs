using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamer.Durable.AzureStorage.Bench;

// Engine throughput on the Azure Storage backend against one in-memory Azurite, next to Azurite's
// raw queue and table rates measured in the same run. One warm-up run (scenarios ÷ 10), then
// `--runs` measured runs (default 3); every run measures the raw rates, then each scenario, each on
// a fresh Azurite (its in-memory queue GC stalls it every 60 s; see EngineScenarioRunner) and task hub. Markdown goes to stdout, progress and warnings to stderr; a scenario run that
// fails or times out is reported and makes the exit code 1. Usage:
//   dotnet run -c Release --project bench/Streamer.Durable.AzureStorage.Bench -- [--runs N]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(3);
ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1, "--runs");
var rawWarmUp = TimeSpan.FromSeconds(0.5);
var rawWindow = TimeSpan.FromSeconds(3);
ScenarioDefinition[] scenarios =
[
    new("sequential chain, 1 × 100", BenchTasks.Chain, 1, 100),
    new("fan-out/fan-in, 1 × 1,000", BenchTasks.FanOut, 1, 1_000),
    new("200 concurrent 5-step chains", BenchTasks.Chain, 200, 5),
];

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .SetMinimumLevel(LogLevel.Warning));
using var storageOps = new StorageOpCounter();
using var workerCounters = new WorkerCounters();
var probe = new RawStorageProbe(EngineScenarioRunner.MaxConcurrentActivityFunctions, storageOps);
var runner = new EngineScenarioRunner(storageOps, workerCounters, loggerFactory);

var raw = new List<RawStorageRates>();
var results = scenarios.Select(_ => new List<ScenarioResult>()).ToArray();
var failures = new List<string>();
for (var run = 0; run <= runs; run++)
{
    var warmUp = run == 0;
    var label = warmUp ? "warm-up" : $"run {run}/{runs}";
    using var probeDeadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    var rates = await probe.MeasureAsync(rawWarmUp, warmUp ? TimeSpan.FromSeconds(1) : rawWindow, probeDeadline.Token);
    Console.Error.WriteLine($"{label}: raw queue {rates.QueueCyclesPerSecond:N0} cycles/s ({rates.QueueOps.Total / (double)rates.QueueCycles:F2} requests/cycle), "
        + $"{rates.QueueCyclesWithBacklogPerSecond:N0} cycles/s with {RawStorageProbe.Backlog} waiting, "
        + $"table {rates.TableBatchesPerSecond:N0} batches/s ({rates.TableOps.Total / (double)rates.TableBatches:F2} requests/batch), ceiling {rates.CeilingActivitiesPerSecond:N0} activities/s; "
        + $"CPU host/Azurite {rates.QueueCpu.Host:P0}/{rates.QueueCpu.Azurite:P0} (queue), {rates.TableCpu.Host:P0}/{rates.TableCpu.Azurite:P0} (table); "
        + $"failed requests: {rates.QueueOps.DescribeFailures()}; {rates.TableOps.DescribeFailures()}");
    if (!warmUp)
    {
        raw.Add(rates);
    }

    for (var i = 0; i < scenarios.Length; i++)
    {
        var scenario = warmUp ? scenarios[i].Scaled(10) : scenarios[i];
        ScenarioResult result;
        try
        {
            result = await runner.RunAsync(scenario);
        }
        catch (Exception ex)
        {
            var failure = $"{label}: {scenario.Name} failed: {ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine(failure);
            failures.Add(failure);
            continue;
        }

        var gaps = result.ActivityGapsMilliseconds.Order().ToArray();
        Console.Error.WriteLine($"{label}: {scenario.Name} ({scenario.Instances} × {scenario.ActivitiesPerInstance}): {result.Elapsed.TotalSeconds:F2} s, "
            + $"{result.ActivitiesPerSecond:N0} activities/s, {result.StorageOpsPerActivity:F1} requests/activity, "
            + $"activities done {result.FirstActivity.TotalSeconds:F2}–{result.LastActivity.TotalSeconds:F2} s, "
            + (gaps.Length > 0 ? $"gaps median/p90/max {gaps[gaps.Length / 2]:F0}/{gaps[(int)(gaps.Length * 0.9)]:F0}/{gaps[^1]:F0} ms, " : string.Empty)
            + $"CPU host/Azurite {result.Cpu.Host:P0}/{result.Cpu.Azurite:P0}, Azurite RSS {result.AzuriteMegabytes:N0} MiB, "
            + $"{result.Counter(WorkerCounters.Episodes)} episodes, {result.Counter(WorkerCounters.Replays)} replays, {result.StorageOps.BenchmarkPolls} benchmark polls; "
            + string.Join(", ", result.StorageOps.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key.Service} {c.Key.Method}={c.Value} ({result.StorageOps.MeanMilliseconds(c.Key.Service, c.Key.Method):F1} ms)"))
            + $"; failed requests: {result.StorageOps.DescribeFailures()}"
            + (result.AzuriteAge > EngineScenarioRunner.AzuriteGcInterval ? $"; NOTE: Azurite was up {result.AzuriteAge.TotalSeconds:F0} s, so its queue GC pass (a stall) may fall inside this run" : string.Empty));
        if (!warmUp)
        {
            results[i].Add(result);
        }
    }
}

Console.WriteLine(new MarkdownReport(runs, probe.Concurrency, rawWindow).Write(raw, results, failures));
return failures.Count == 0 ? 0 : 1;
