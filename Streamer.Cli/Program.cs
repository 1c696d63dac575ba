using Spectre.Console;

namespace Streamer.Cli;

/// <summary>The <c>streamer</c> executable.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C cancels the running command (and, for `run`, the request); a second Ctrl+C ends the process.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };

        return await StreamerCli.RunAsync(args, AnsiConsole.Console, CliEnvironment.Process, cancel.Token);
    }
}
