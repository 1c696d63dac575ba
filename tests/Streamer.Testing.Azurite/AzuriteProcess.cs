using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Streamer.Testing.Azurite;

/// <summary>
/// A real Azurite server (blob, queue and table) on three free loopback ports, started from the
/// repository's <c>node_modules</c>. In-memory by default; with disk persistence it can be killed and
/// restarted on the same ports and data directory, which is what a storage outage looks like to a host.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known key of Azurite's development account.</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadinessPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly string _executable;
    private readonly bool _persistToDisk;
    private readonly Lock _outputGate = new();
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _disposed;

    private AzuriteProcess(string executable, bool persistToDisk, int blobPort, int queuePort, int tablePort, string location)
    {
        _executable = executable;
        _persistToDisk = persistToDisk;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    /// <summary>The blob service's port on 127.0.0.1.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service's port on 127.0.0.1.</summary>
    public int QueuePort { get; }

    /// <summary>The table service's port on 127.0.0.1.</summary>
    public int TablePort { get; }

    /// <summary>Azurite's working directory, and its <c>--location</c> (data) when persisting to disk; deleted on dispose.</summary>
    public string Location { get; }

    /// <summary>A connection string with explicit endpoints for the development account on this server.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts Azurite and waits until all three services accept connections.</summary>
    /// <param name="persistToDisk">Keep data in <see cref="Location"/> so it survives <see cref="RestartAsync"/>; otherwise in memory only.</param>
    /// <param name="cancellationToken">Stops waiting for the server to listen.</param>
    public static async Task<AzuriteProcess> StartAsync(bool persistToDisk = false, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable();
        var ports = FreeLoopbackPorts(3);
        var location = Path.Combine(Path.GetTempPath(), "streamer-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var azurite = new AzuriteProcess(executable, persistToDisk, ports[0], ports[1], ports[2], location);
        try
        {
            await azurite.LaunchAsync(cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the server and starts it again on the same ports and location. Only data persisted to
    /// disk survives; an in-memory server comes back empty. See <see cref="StopAsync"/> for <paramref name="graceful"/>.
    /// </summary>
    public async Task RestartAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await StopAsync(graceful);
        await LaunchAsync(cancellationToken);
    }

    /// <summary>Stops the server (its whole process tree) without restarting it, e.g. to simulate an outage.</summary>
    /// <param name="graceful">
    /// Ask Azurite to shut down (SIGTERM; not available on Windows), so it saves its metadata before exiting, as
    /// durable storage would. Otherwise, or when it does not exit in time, it is killed: Azurite saves metadata
    /// only every 5 s, so a killed server loses its most recent writes.
    /// </param>
    public async Task StopAsync(bool graceful = true)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (graceful && !OperatingSystem.IsWindows() && await RequestShutdownAsync(process))
            {
                return;
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // The process has already exited.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the server and deletes its <see cref="Location"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync(graceful: false);
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        lock (_outputGate)
        {
            _output.Clear();
        }

        var startInfo = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Location,
        };
        string[] arguments =
        [
            "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Azurite refuses --inMemoryPersistence together with --location; in memory it only gets the
        // working directory, so nothing it might write lands in the repository.
        if (_persistToDisk)
        {
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(Location);
        }
        else
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Azurite could not be started from '{_executable}'.");
        }

        _process = process;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilListeningAsync(process, cancellationToken);
    }

    private async Task WaitUntilListeningAsync(Process process, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        int[] pending = [BlobPort, QueuePort, TablePort];
        try
        {
            while (pending.Length > 0)
            {
                if (process.HasExited)
                {
                    // Let the output readers catch up with what the process wrote before it died.
                    await process.WaitForExitAsync(deadline.Token);
                    throw new InvalidOperationException(
                        $"Azurite exited with code {process.ExitCode} before it was ready (ports {BlobPort}/{QueuePort}/{TablePort}). Its output:{Environment.NewLine}{CapturedOutput()}");
                }

                List<int> stillClosed = [];
                foreach (var port in pending)
                {
                    if (!await AcceptsConnectionsAsync(port, deadline.Token))
                    {
                        stillClosed.Add(port);
                    }
                }

                pending = [.. stillClosed];
                if (pending.Length > 0)
                {
                    await Task.Delay(ReadinessPollInterval, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Azurite did not accept connections on port(s) {string.Join(", ", pending)} within {StartTimeout.TotalSeconds} s. Its output:{Environment.NewLine}{CapturedOutput()}");
        }
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; false when it is still running after <see cref="StopTimeout"/>.</summary>
    private static async Task<bool> RequestShutdownAsync(Process process)
    {
        if (process.HasExited)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            var signal = new ProcessStartInfo("kill") { UseShellExecute = false };
            signal.ArgumentList.Add("-TERM");
            signal.ArgumentList.Add(process.Id.ToString(CultureInfo.InvariantCulture));
            using (var kill = Process.Start(signal))
            {
                if (kill is null)
                {
                    return false;
                }

                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (Win32Exception)
        {
            // No kill command: fall back to killing the process.
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.AppendLine(line);
        }
    }

    private string CapturedOutput()
    {
        lock (_outputGate)
        {
            return _output.Length == 0 ? "(nothing)" : _output.ToString();
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        // Hold every listener until all ports are chosen so the same port is not handed out twice.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static string FindExecutable()
    {
        var root = FindRepositoryRoot();
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: '{executable}' does not exist. Run `npm ci` in '{root}' to install it (package.json pins it).");
        }

        return executable;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streamer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Streamer.sln found in '{AppContext.BaseDirectory}' or any parent directory; cannot locate node_modules/.bin/azurite.");
    }
}
