using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable;

// Engine throughput on the in-memory backend. Each scenario runs 3 times to warm up (so tiered
// JIT has settled), then `--runs` times (default 7); the median run is reported. Usage:
//   dotnet run -c Release --project bench/Streamer.Durable.Bench -- [--runs N]
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(7);
const int WarmUpRuns = 3;

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDurableTask(d => d
    .UseInMemoryBackend()
    .AddTasks(r => r
        .AddOrchestratorFunc<int, int>("FanOut", async (context, count) =>
        {
            var calls = new Task<int>[count];
            for (var i = 0; i < count; i++)
            {
                calls[i] = context.CallActivityAsync<int>("Noop", i);
            }

            return (await Task.WhenAll(calls)).Length;
        })
        .AddOrchestratorFunc<int, int>("Chain", async (context, count) =>
        {
            for (var i = 0; i < count; i++)
            {
                await context.CallActivityAsync<int>("Noop", i);
            }

            return count;
        })
        .AddActivityFunc<int, int>("Noop", (_, i) => i)));

var counters = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
using var listener = new System.Diagnostics.Metrics.MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == "Streamer.Durable")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counters.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
listener.Start();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<DurableTaskClient>();

Console.WriteLine($"Streamer.Durable in-memory engine benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} runs after {WarmUpRuns} warm-ups, median reported");
Console.WriteLine();
Console.WriteLine("| scenario | activities | median ms | min ms | activities/s (median) | allocated KB/activity | gen0/gen1/gen2 GCs per run |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");

var results = new Dictionary<string, double>();
foreach (var (scenario, orchestrator, count) in new[] { ("fan-out/fan-in", "FanOut", 1_000), ("fan-out/fan-in", "FanOut", 10_000), ("sequential chain", "Chain", 1_000) })
{
    var times = new List<double>();
    long allocated = 0;
    int[] collections = [0, 0, 0];
    for (var run = 0; run < WarmUpRuns + runs; run++)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var elapsed = await RunOnceAsync(orchestrator, count);
        if (run >= WarmUpRuns)
        {
            times.Add(elapsed.TotalMilliseconds);
            allocated += GC.GetTotalAllocatedBytes() - allocatedBefore;
            for (var generation = 0; generation < 3; generation++)
            {
                collections[generation] += GC.CollectionCount(generation) - collectionsBefore[generation];
            }
        }
    }

    times.Sort();
    Console.Error.WriteLine($"{orchestrator}{count}: " + string.Join(", ", counters.Select(kv => $"{kv.Key}={kv.Value}")));
    counters.Clear();
    var median = times[times.Count / 2];
    results[$"{orchestrator}{count}"] = median;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {scenario} | {count:N0} | {median:F1} | {times[0]:F1} | {count / (median / 1000):N0} | {allocated / 1024.0 / runs / count:F2} | {string.Join('/', collections.Select(c => (c / (double)runs).ToString("F1", CultureInfo.InvariantCulture)))} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"10,000 fan-out time / 1,000 fan-out time = {results["FanOut10000"] / results["FanOut1000"]:F2} (linear scaling is 10; quadratic replay would be ~100)"));
await host.StopAsync();

async Task<TimeSpan> RunOnceAsync(string orchestrator, int count)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    var stopwatch = Stopwatch.StartNew();
    var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, count, cancellationToken: timeout.Token);
    var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    stopwatch.Stop();
    if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != count)
    {
        throw new InvalidOperationException($"{orchestrator}({count}) ended {done.RuntimeStatus}: {done.FailureDetails}");
    }

    await client.PurgeInstanceAsync(id, timeout.Token);
    return stopwatch.Elapsed;
}
