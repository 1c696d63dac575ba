using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// The real host, <c>dotnet Streamer.Host/bin/{Configuration}/net10.0/Streamer.Host.dll</c>, started as an OS
/// process in its output folder (the content root, so it reads its host.json and local.settings.json like a deployed app)
/// with the settings in environment variables, which win over both files. "Hooked" hosts also load
/// Streamer.Bench.HostHook (bench_progress and bench_cost actions, /bench/* endpoints) through DOTNET_STARTUP_HOOKS and
/// ASPNETCORE_HOSTINGSTARTUPASSEMBLIES; the host's own code is unchanged.
/// </summary>
internal sealed class StreamerHostProcess : IAsyncDisposable
{
    /// <summary>
    /// Keys of this run only: the host runs in Production, which refuses keys published in the repository (PublishedKeys).
    /// </summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The system key of this run's hosts (a local.settings.json beside the host may hold a published one).</summary>
    public static readonly string SystemKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    private readonly ChildProcess _process;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _warnings = new();

    private StreamerHostProcess(ChildProcess process, StreamerApi api, bool hooked)
    {
        _process = process;
        Api = api;
        Hooked = hooked;
    }

    public StreamerApi Api { get; }

    public bool Hooked { get; }

    public int ProcessId => _process.Id;

    /// <summary>Whether the host process has ended (crashed, or was killed for its memory).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>From process start to the first HTTP answer of any kind.</summary>
    public double ListeningMilliseconds { get; private set; }

    /// <summary>From process start to the first <c>202</c> of <c>POST /api/requests</c>.</summary>
    public double FirstAcceptedMilliseconds { get; private set; }

    /// <summary>The request that got the first 202.</summary>
    public string FirstRequestId { get; private set; } = string.Empty;

    /// <summary>Starts a host on <paramref name="azurite"/>; <paramref name="settings"/> are added to (or override) the bench's own.</summary>
    public static async Task<StreamerHostProcess> StartAsync(AzuriteProcess azurite, bool hooked, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Streamer__Auth__SigningKey"] = SigningKey,
        ["Streamer__Management__SystemKey"] = SystemKey,
            ["Host__LocalHttpPort"] = port.ToString(CultureInfo.InvariantCulture),
            // The default (60 starts a minute per user) would turn the handoff samples into 429s.
            ["Streamer__RateLimitPermits"] = "100000000",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        if (hooked)
        {
            environment["DOTNET_STARTUP_HOOKS"] = RepositoryPaths.HookDll;
            environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = "Streamer.Bench.HostHook";
        }

        StreamerHostProcess? started = null;
        var process = ChildProcess.Start(RepositoryPaths.HostDll, [], environment, onLine: line => started?.CountWarning(line));
        var api = new StreamerApi(new Uri($"http://127.0.0.1:{port}/"), SigningKey);
        var host = started = new StreamerHostProcess(process, api, hooked);
        try
        {
            await host.WaitForFirstAcceptedAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the host wrote.</summary>
    public string OutputTail() => _process.Tail();

    /// <summary>How many warnings and errors the host logged since the last <see cref="ResetWarnings"/>, by category and event id, e.g. "warn: DurableTask.AzureStorage[104] × 103".</summary>
    public string Warnings()
        => _warnings.IsEmpty ? "none" : string.Join(", ", _warnings.OrderByDescending(w => w.Value).Select(w => $"{w.Key} × {w.Value}"));

    public void ResetWarnings() => _warnings.Clear();

    /// <summary>The hook's GC snapshot (hooked hosts only).</summary>
    public Task<GcSnapshot> GcAsync() => Api.BenchAsync<GcSnapshot>("bench/gc");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
    }

    private void CountWarning(string line)
    {
        // The console logger's header line: "warn: Category[EventId]".
        if (line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal))
        {
            _warnings.AddOrUpdate(line.Trim(), 1, (_, n) => n + 1);
        }
    }

    private async Task WaitForFirstAcceptedAsync()
    {
        // The plain host has no bench_progress; echo_async is the smallest built-in asynchronous action.
        var body = Hooked ? StreamerApi.BenchProgressBody() : """{"action":"echo_async","payload":{"hello":"world"}}""";
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited before answering. Its output:{Environment.NewLine}{_process.Tail()}");
            }

            try
            {
                var (status, id) = await Api.StartAsync("startup", body, deadline.Token);
                if (ListeningMilliseconds == 0)
                {
                    ListeningMilliseconds = MonotonicClock.Since(_process.StartedAt);
                }

                if (status == HttpStatusCode.Accepted)
                {
                    FirstAcceptedMilliseconds = MonotonicClock.Since(_process.StartedAt);
                    FirstRequestId = id!;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The host gave no 202 within 60 s. Its output:{Environment.NewLine}{_process.Tail()}");
            }

            await Task.Delay(10);
        }
    }
}
