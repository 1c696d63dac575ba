using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable;

// Engine throughput on the in-memory backend. Each scenario runs once to warm up, then
// `--runs` times (default 5); the median run is reported. Usage:
//   dotnet run -c Release --project bench/Streamer.Durable.Bench -- [--runs N]
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(5);

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

Console.WriteLine($"Streamer.Durable in-memory engine benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} runs after 1 warm-up, median reported");
Console.WriteLine();
Console.WriteLine("| scenario | activities | median ms | min ms | activities/s (median) |");
Console.WriteLine("|---|---:|---:|---:|---:|");

var results = new Dictionary<string, double>();
foreach (var (scenario, orchestrator, count) in new[] { ("fan-out/fan-in", "FanOut", 1_000), ("fan-out/fan-in", "FanOut", 10_000), ("sequential chain", "Chain", 1_000) })
{
    var times = new List<double>();
    for (var run = 0; run <= runs; run++)
    {
        var elapsed = await RunOnceAsync(orchestrator, count);
        if (run > 0)
        {
            times.Add(elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.Error.WriteLine($"{orchestrator}{count}: " + string.Join(", ", counters.Select(kv => $"{kv.Key}={kv.Value}")));
    counters.Clear();
    var median = times[times.Count / 2];
    results[$"{orchestrator}{count}"] = median;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {scenario} | {count:N0} | {median:F1} | {times[0]:F1} | {count / (median / 1000):N0} |"));
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
