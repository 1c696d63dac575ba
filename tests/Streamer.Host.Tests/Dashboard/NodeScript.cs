using System.Diagnostics;
using System.Text;

namespace Streamer.Host.Tests.Dashboard;

/// <summary>Runs a Node script to completion within a deadline and captures what it printed.</summary>
public static class NodeScript
{
    /// <summary>What a finished script printed, and how it exited.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Errors);

    /// <summary>Runs <c>node <paramref name="script"/></c> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    /// <exception cref="OperationCanceledException">The deadline passed; the script and its children (the browser) are killed.</exception>
    public static Task<Outcome> RunAsync(string script, string workingDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        => RunAsync([script], workingDirectory, environment, cancellationToken);

    /// <summary>Runs <c>node</c> with <paramref name="arguments"/> (e.g. <c>--test file</c>) in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    /// <exception cref="OperationCanceledException">The deadline passed; node and its children are killed.</exception>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var script = string.Join(' ', arguments);
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start 'node' (Node 20 must be on PATH).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new OperationCanceledException($"node {script} did not finish in time. Output so far:\n{Snapshot(output)}\n{Snapshot(errors)}", cancellationToken);
        }

        // The exit can be observed before the last redirected lines are delivered; this waits for them.
        process.WaitForExit();
        return new Outcome(process.ExitCode, Snapshot(output), Snapshot(errors));
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
