using System.Text;

namespace Streamer.Bench;

/// <summary>
/// Figure 4, engine throughput on Azurite, is bench/Streamer.Durable.Bench (the shipped host.json and the tuned
/// configuration); with <c>--engine</c> the harness runs it as a child process after its own figures and appends its report unchanged.
/// </summary>
internal static class EngineBenchmark
{
    private static readonly string[] QuickArguments = ["--configs", "hostjson,tuned", "--no-idle", "--smoke"];
    private static readonly string[] FullArguments = ["--configs", "hostjson,tuned", "--runs", "3"];

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var output = new StringBuilder();
        var gate = new Lock();
        await using var process = ChildProcess.Start(RepositoryPaths.EngineBenchDll, settings.Quick ? QuickArguments : FullArguments, new Dictionary<string, string>(), workingDirectory: RepositoryPaths.Root, onLine: line =>
        {
            lock (gate)
            {
                output.AppendLine(line);
            }
        });
        await process.WaitForExitAsync();

        lock (gate)
        {
            return output.ToString();
        }
    }
}
