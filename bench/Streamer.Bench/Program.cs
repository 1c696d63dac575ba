using System.Globalization;
using Streamer.Bench;

// Host-level benchmark of issue 6: starts Azurite, the real host (dotnet Streamer.Functions.dll) and a bare ASP.NET Core
// baseline as separate processes and measures handoff, progress latency and rate, status reads, connections and
// footprint, each next to its baseline from the same run. Markdown (the summary table, target verdicts and raw lines)
// goes to stdout, progress to stderr. Usage:
//   dotnet run -c Release --project bench/Streamer.Bench -- [--quick] [--only handoff,progress,rate,status,connections,footprint]
// --quick: small samples for development (not results). --only: a subset of the figures. The engine's own throughput
// (figure 4) is bench/Streamer.Durable.Bench, run on its own.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = args.Contains("--quick") ? BenchSettings.QuickRun : BenchSettings.Full;
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
bool Selected(string name) => only is null || only.Contains(name, StringComparer.OrdinalIgnoreCase);

var report = new BenchReport(settings);
var failures = 0;
(string Name, Func<Task> Run)[] figures =
[
    ("footprint", () => FootprintBenchmark.RunAsync(settings, report)),
    ("handoff", async () =>
    {
        await HandoffBenchmark.RunAsync(settings, report, concurrency: 1);
        await HandoffBenchmark.RunAsync(settings, report, concurrency: 1, paced: true);
        await HandoffBenchmark.RunAsync(settings, report, concurrency: 32);
    }),
    ("progress", () => ProgressLatencyBenchmark.RunAsync(settings, report)),
    ("rate", () => SustainedProgressBenchmark.RunAsync(settings, report)),
    ("status", () => StatusReadBenchmark.RunAsync(settings, report)),
    ("connections", () => ConnectionsBenchmark.RunAsync(settings, report)),
];
var started = DateTimeOffset.UtcNow;
foreach (var (name, run) in figures.Where(f => Selected(f.Name)))
{
    Console.Error.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] {name}");
    try
    {
        await run();
    }
    catch (Exception ex)
    {
        // One figure failing (a host that would not start, a timeout) must not hide the others.
        failures++;
        report.Raw($"{name} FAILED: {ex.GetType().Name}: {ex.Message}");
    }
}

Console.Error.WriteLine($"[{DateTimeOffset.UtcNow - started:mm\\:ss}] done");
Console.WriteLine(report.Write());
return failures == 0 ? 0 : 1;
