using System.Globalization;
using Streamer.Bench;

// Host-level benchmark of issue 6: starts Azurite, the real host (dotnet Streamer.Host.dll) and a bare ASP.NET Core
// baseline as separate processes and measures handoff, progress latency and rate, status reads, connections and
// footprint, and 200 concurrent starts (issue 12), each next to its baseline from the same run. Markdown (the summary table, target verdicts and raw lines)
// goes to stdout, progress to stderr. Usage:
//   dotnet run -c Release --project bench/Streamer.Bench -- [--quick] [--engine] [--only handoff,progress,rate,status,connections,footprint,starts,failover,memory,cost]
// --quick: small samples for development (not results). --engine: also run bench/Streamer.Durable.Bench for the shipped
// host.json and the tuned configuration (figure 4) and append its report. --only: a subset of the figures.
// cost (issue 18, cost per chunk) runs only when --only names it, since it takes up to an hour; its own options are
// [--chunks 10,100,1000,10000] [--payload 1KB,100KB,1MB] [--cell-timeout 900] [--all] (CostOptions).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = args.Contains("--quick") ? BenchSettings.QuickRun : BenchSettings.Full;
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
string[] optIn = ["cost"];
bool Selected(string name) => only is null ? !optIn.Contains(name) : only.Contains(name, StringComparer.OrdinalIgnoreCase);

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
    ("starts", () => StartsBenchmark.RunAsync(settings, report)),
    ("failover", () => FailoverBenchmark.RunAsync(report)),
    ("memory", () => MemoryBudgetBenchmark.RunAsync(report)),
    ("cost", () => CostBenchmark.RunAsync(CostOptions.Parse(args), report)),
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
if (args.Contains("--engine"))
{
    Console.Error.WriteLine("engine benchmark (bench/Streamer.Durable.Bench)");
    Console.WriteLine("## Engine throughput on Azurite (bench/Streamer.Durable.Bench)");
    Console.WriteLine();
    Console.WriteLine(await EngineBenchmark.RunAsync(settings));
}

return failures == 0 ? 0 : 1;
