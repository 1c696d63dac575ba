using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>
/// The real host, <c>dotnet Streamer.Host.dll</c>, started as an OS process in its output folder (its content root, so
/// it reads its own host.json) with the settings in environment variables, which win over host.json and local.settings.json.
/// Keeps the last lines it wrote, each stamped with the time it arrived, and is killed with its children on dispose or when
/// the test process exits, so no host outlives its test.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    /// <summary>
    /// Keys of this run only: the host runs in Production, which refuses keys published in the repository (PublishedKeys).
    /// </summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The system key of this run's hosts (a local.settings.json beside the host may hold a published one).</summary>
    public static readonly string SystemKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    private const int KeptLines = 4000;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Lock _gate = new();

    private HostProcess(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The test's name for this host (A, B, …), prefixed to its output.</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The id DTFx writes into partition leases: <c>{machine}-{pid}</c> (see <c>TaskHubSettings.WorkerId</c>).</summary>
    public string WorkerId => $"{Environment.MachineName}-{_process.Id}";

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, or "running".</summary>
    public string ExitState => _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";

    /// <summary>
    /// The settings every fault test uses: a fresh task hub on the given storage, durable (not inline) bulk operations, no
    /// start rate limit, fast queue polling, and partition leases and message visibility short enough for a dead host's
    /// work to move within seconds rather than minutes.
    /// </summary>
    public static Dictionary<string, string> Settings(string connectionString, string hubName) => new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["extensions__durableTask__hubName"] = hubName,
        ["extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:01",
        ["extensions__durableTask__storageProvider__partitionLeaseInterval"] = FaultTimings.LeaseInterval.ToString("c", CultureInfo.InvariantCulture),
        ["extensions__durableTask__storageProvider__partitionLeaseRenewInterval"] = "00:00:03",
        ["extensions__durableTask__storageProvider__partitionLeaseAcquireInterval"] = FaultTimings.LeaseAcquireInterval.ToString("c", CultureInfo.InvariantCulture),
        ["extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = FaultTimings.ControlQueueVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = FaultTimings.WorkItemVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Streamer__Auth__SigningKey"] = SigningKey,
        ["Streamer__Management__SystemKey"] = SystemKey,
        ["Streamer__RateLimitPermits"] = "100000000",
        ["Streamer__SyncThreshold"] = "00:00:01",
        // DTFx logs several lines per message at Information; on a small machine writing them costs more than the work.
        ["Logging__LogLevel__DurableTask.Core"] = "Warning",
        ["Logging__LogLevel__DurableTask.AzureStorage"] = "Warning",
        ["Logging__LogLevel__Microsoft.DurableTask"] = "Warning",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Starts a host on a free port; it is usable once <see cref="WaitUntilReadyAsync"/> returns.</summary>
    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["Host__LocalHttpPort"] = port.ToString(CultureInfo.InvariantCulture),
        };
        var process = CreateProcess([], environment);
        var host = new HostProcess(name, process, port);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data);
        process.Start();
        AppDomain.CurrentDomain.ProcessExit += host.KillOnExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>A development token for <paramref name="user"/>, from the host's own <c>token</c> command (signed with <see cref="SigningKey"/>).</summary>
    public static async Task<string> MintTokenAsync(string user, string tenant, CancellationToken cancellationToken)
    {
        using var process = CreateProcess(["token", "--user", user, "--tenant", tenant], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Streamer__Auth__SigningKey"] = SigningKey,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var token = (await output).Trim();
        return process.ExitCode == 0 && token.Length > 0
            ? token
            : throw new InvalidOperationException($"`token` exited with {process.ExitCode}: {await error}");
    }

    /// <summary>Waits until readiness answers 200 (storage answers and the task hub worker runs).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(
            async token =>
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"Host {Name} {ExitState} before it was ready. Its output:{Environment.NewLine}{Tail(80)}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("api/health/ready", UriKind.Relative), token);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeout,
            TimeSpan.FromMilliseconds(200),
            $"host {Name} (pid {ProcessId}, port {Port}) to be ready",
            () => $"Its output:{Environment.NewLine}{Tail(80)}",
            cancellationToken);
    }

    /// <summary>SIGKILL (no shutdown, no lease release) and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>The last <paramref name="lines"/> lines the host wrote, each stamped with the test's clock.</summary>
    public string Tail(int lines = KeptLines)
    {
        lock (_gate)
        {
            return _tail.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _tail.Skip(Math.Max(0, _tail.Count - lines)));
        }
    }

    /// <summary>How many kept lines contain <paramref name="text"/>.</summary>
    public int CountLines(string text)
    {
        lock (_gate)
        {
            return _tail.Count(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(ExitTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // It did not die in time; nothing more to do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static Process CreateProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var dll = RepositoryPaths.HostDll;
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the test runner's environment that could change the host's configuration leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Streamer__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("extensions__", StringComparison.OrdinalIgnoreCase) || k.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new Process { StartInfo = info };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _tail.Enqueue($"[{Name} {DateTime.Now:HH:mm:ss.fff}] {line}");
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
