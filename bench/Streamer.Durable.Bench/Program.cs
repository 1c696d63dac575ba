using System.Diagnostics;
using System.Globalization;
using Streamer.Durable.Bench;

// Throughput of the Streamer.Durable runner (DTFx + the Azure Storage provider behind AddDurableTaskHub) on Azurite,
// for several host.json configurations in one run, next to Azurite's raw queue and table rates measured in the same run.
// Every scenario run gets a fresh in-memory Azurite and task hub. Markdown goes to stdout, progress and raw lines to
// stderr; a failed scenario run is reported and makes the exit code 1. Usage:
//   dotnet run -c Release --project bench/Streamer.Durable.Bench -- [--smoke] [--runs N] [--configs k1,k2] [--scenarios chain,fanout,chains] [--no-idle] [--list]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options.List)
{
    foreach (var configuration in BenchConfiguration.All)
    {
        Console.WriteLine($"{configuration.Key}: {configuration.Description} [{configuration.DescribeOverrides()}]");
    }

    foreach (var scenario in ScenarioDefinition.All)
    {
        Console.WriteLine($"{scenario.Key}: {scenario.Name}");
    }

    return 0;
}

using var requests = new StorageRequestCounter();
var logs = new FrameworkLogCounter();
var probe = new RawStorageProbe(32, requests);
var runner = new ScenarioRunner(requests, logs);
var started = Stopwatch.StartNew();
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
void Progress(string line) => Console.Error.WriteLine($"[{started.Elapsed:mm\\:ss}] {line}");
Progress($"load average at start: {load}; {options.Configurations.Count} configurations × {options.Scenarios.Count} scenarios × {options.Runs} run(s){(options.Smoke ? " (smoke sizes)" : string.Empty)}");

var raw = new List<RawStorageRates>();
var results = new List<ScenarioResult>();
var idle = new List<IdleProbeResult>();
var failures = new List<string>();
for (var run = 1; run <= options.Runs; run++)
{
    using (var probeDeadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
    {
        var rates = await probe.MeasureAsync(BenchOptions.RawWarmUp, options.RawWindow, probeDeadline.Token);
        raw.Add(rates);
        Progress($"run {run}: raw queue {rates.QueueCyclesPerSecond:N0} cycles/s ({rates.RequestsPerQueueCycle:F2} requests/cycle), {rates.QueueCyclesWithBacklogPerSecond:N0} with {RawStorageProbe.Backlog} waiting; "
            + $"table upserts {rates.UpsertsPerSecond:N0}/s ({rates.RequestsPerUpsert:F2} requests each), batches {rates.TableBatchesPerSecond:N0}/s ({rates.RequestsPerBatch:F2}); ceiling {rates.CeilingActivitiesPerSecond:N0} activities/s; "
            + $"CPU host/Azurite {rates.QueueCpu.Host:P0}/{rates.QueueCpu.Azurite:P0} (queue), {rates.TableCpu.Host:P0}/{rates.TableCpu.Azurite:P0} (table batches)");
    }

    foreach (var configuration in options.Configurations)
    {
        foreach (var scenario in options.Scenarios)
        {
            try
            {
                var result = await runner.RunAsync(configuration, scenario);
                results.Add(result);
                var gaps = result.SortedGapsMilliseconds;
                Progress($"run {run}: {configuration.Key} / {scenario.Name}: {result.Elapsed.TotalSeconds:F2} s, {result.ActivitiesPerSecond:N1} activities/s, "
                    + $"CPU host/Azurite {result.Cpu.Host:P0}/{result.Cpu.Azurite:P0}, {result.RequestsPerActivity:F1} requests/activity, "
                    + $"{result.Episodes} episodes, {result.HistoryLoads} history loads ({result.Logs.Sum(FrameworkLogCounter.FetchedHistory, "EventCount"):N0} rows), "
                    + $"{result.BodyStarts} orchestrator body starts, {result.ReplayedCalls} replayed calls, warm-up {result.WarmUp.TotalSeconds:F1} s, Azurite RSS {result.AzuriteMegabytes:N0} MiB"
                    + (gaps.Length > 0 ? $", gaps median/p90/max {gaps[gaps.Length / 2]:F0}/{gaps[(int)(gaps.Length * 0.9)]:F0}/{gaps[^1]:F0} ms" : string.Empty)
                    + (result.AzuriteAge > ScenarioRunner.AzuriteGcInterval ? $"; NOTE: Azurite was up {result.AzuriteAge.TotalSeconds:F0} s, its queue GC pass may fall inside this run" : string.Empty));
                Console.Error.WriteLine($"    requests: {result.Requests.Describe()}; failed: {result.Requests.DescribeFailures()}; benchmark polls {result.Requests.BenchmarkRequests}");
                Console.Error.WriteLine($"    DTFx log events: {result.Logs.Describe()}");
            }
            catch (Exception ex)
            {
                var failure = $"run {run}: {configuration.Key} / {scenario.Name} failed: {ex.GetType().Name}: {ex.Message}";
                Progress(failure);
                failures.Add(failure);
            }
        }

        if (options.Idle && configuration.IdleProbe && run == 1)
        {
            try
            {
                var probeResult = await runner.IdleProbeAsync(configuration, options.IdleTime);
                idle.Add(probeResult);
                Progress($"{configuration.Key}: idle {options.IdleTime.TotalSeconds:F0} s, then one 1-step orchestration: {probeResult.SameProcess.TotalSeconds:F2} s from the host's client, {probeResult.OtherClient.TotalSeconds:F2} s from another service instance");
            }
            catch (Exception ex)
            {
                var failure = $"{configuration.Key} / idle probe failed: {ex.GetType().Name}: {ex.Message}";
                Progress(failure);
                failures.Add(failure);
            }
        }
    }
}

Progress($"done; load average at the end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}");
Console.WriteLine(new MarkdownReport(options, load).Write(raw, results, idle, failures));
return failures.Count == 0 ? 0 : 1;
