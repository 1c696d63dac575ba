using System.Diagnostics;
using Streamer.Durable.FaultHost;
using Streamer.Durable.Serialization;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// A fresh task hub on a given Azurite, a client for it in the test process (no worker), fault host
/// processes sharing it, and a folder for their episode logs. Disposing kills every host still running.
/// </summary>
public sealed class FaultTestEnvironment : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly AzureStorageOrchestrationBackend _backend;
    private readonly ITestOutputHelper _output;
    private readonly List<FaultHostProcess> _hosts = [];
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private FaultTestEnvironment(string connectionString, string taskHubName, string logDirectory, AzureStorageOrchestrationBackend backend, ITestOutputHelper output)
    {
        ConnectionString = connectionString;
        TaskHubName = taskHubName;
        LogDirectory = logDirectory;
        _backend = backend;
        _output = output;
        Client = new DurableTaskClient(backend, JsonDataConverter.Default, TimeProvider.System);
    }

    public string ConnectionString { get; }

    public string TaskHubName { get; }

    public string LogDirectory { get; }

    /// <summary>A client in the test process; it never runs work.</summary>
    public DurableTaskClient Client { get; }

    public IReadOnlyList<FaultHostProcess> Hosts => _hosts;

    /// <summary>Creates the task hub (as a deployment would, before hosts start) and the client.</summary>
    public static async Task<FaultTestEnvironment> CreateAsync(string connectionString, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var hub = AzuriteFixture.NewTaskHubName();
        var backend = new AzureStorageOrchestrationBackend(new AzureStorageBackendOptions
        {
            ConnectionString = connectionString,
            TaskHubName = hub,
            WorkerId = "test-client",
        });
        await backend.CreateIfNotExistsAsync(cancellationToken);
        var logs = Path.Combine(Path.GetTempPath(), "streamer-faults-" + hub);
        Directory.CreateDirectory(logs);
        return new FaultTestEnvironment(connectionString, hub, logs, backend, output);
    }

    /// <summary>Starts a host process on the task hub and waits until it is ready.</summary>
    public async Task<FaultHostProcess> StartHostAsync(string hostId)
    {
        var host = FaultHostProcess.Start(new FaultHostSettings
        {
            ConnectionString = ConnectionString,
            TaskHubName = TaskHubName,
            HostId = hostId,
            EpisodeLogPath = Path.Combine(LogDirectory, hostId + ".log"),
        });
        _hosts.Add(host);
        await host.WaitUntilReadyAsync(ReadyTimeout);
        Log($"host {hostId} ready (pid {host.ProcessId})");
        return host;
    }

    /// <summary>Writes a line to the test output with the seconds since the environment was created.</summary>
    public void Log(string message)
    {
        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        _output.WriteLine($"[{elapsed.TotalSeconds,7:F2}s] {message}");
    }

    /// <summary>Copies every host's captured output into the test output: all of it after a failure, the end of it after a success.</summary>
    public void WriteHostOutputs(int? lastLinesPerHost = null)
    {
        foreach (var host in _hosts)
        {
            var lines = host.Output.Split(Environment.NewLine);
            var shown = lastLinesPerHost is { } last && lines.Length > last ? lines[^last..] : lines;
            _output.WriteLine($"===== output of fault host {host.HostId} (pid {host.ProcessId}, exited: {host.HasExited}){(shown.Length < lines.Length ? $", last {shown.Length} of {lines.Length} lines" : string.Empty)} =====");
            _output.WriteLine(string.Join(Environment.NewLine, shown));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _backend.DisposeAsync();
        try
        {

            Directory.Delete(LogDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
