using System.Globalization;

namespace Streamer.Bench;

/// <summary>bench/Streamer.Bench.Clients as an OS process holding many SignalR connections; see its Program.cs for the line protocol.</summary>
internal sealed class ClientsProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientsProcess(IEnumerable<string> arguments) => _process = ChildProcess.Start(RepositoryPaths.ClientsDll, arguments, new Dictionary<string, string>(), onLine: OnLine);

    public int ProcessId => _process.Id;

    /// <summary>Opens <paramref name="count"/> connections to <paramref name="hub"/>; with a signing key each carries a host token, otherwise the user goes in the query string.</summary>
    public static ClientsProcess Start(Uri hub, int count, string? signingKey)
    {
        List<string> arguments = ["--hub", hub.ToString(), "--count", count.ToString(CultureInfo.InvariantCulture), "--parallel", "64"];
        arguments.AddRange(signingKey is null ? ["--user-query"] : ["--signing-key", signingKey]);
        return new ClientsProcess(arguments);
    }

    /// <summary>Waits for all connects to finish; the result of the "ready" line.</summary>
    public async Task<ClientsReady> WaitReadyAsync(TimeSpan timeout)
    {
        var line = await _ready.Task.WaitAsync(timeout).ConfigureAwait(false);
        var parts = line.Split(' ', 6);
        return new ClientsReady(
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            parts[4],
            parts.Length > 5 ? parts[5] : "-");
    }

    /// <summary>Closes every connection and waits for the process to say so.</summary>
    public async Task StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _process.StandardInput.FlushAsync();
        await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void OnLine(string line)
    {
        if (line.StartsWith("ready ", StringComparison.Ordinal))
        {
            _ready.TrySetResult(line);
        }
        else if (line == "stopped")
        {
            _stopped.TrySetResult();
        }
        else if (line.StartsWith("progress ", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("  clients: " + line);
        }
    }
}
