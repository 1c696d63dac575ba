using System.Diagnostics;
using System.Reflection;
using System.Text;
using Streamer.Durable.FaultHost;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// A <c>Streamer.Durable.FaultHost</c> worker running as a separate OS process (<c>dotnet Streamer.Durable.FaultHost.dll</c>),
/// with its standard output and error captured. Disposing kills it if it is still running.
/// </summary>
public sealed class FaultHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Lock _outputGate = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private FaultHostProcess(FaultHostSettings settings, Process process)
    {
        Settings = settings;
        _process = process;
        _readyLine = FaultHostProtocol.ReadyLine(settings.HostId);
    }

    public FaultHostSettings Settings { get; }

    public string HostId => Settings.HostId;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a host; it is usable once <see cref="WaitUntilReadyAsync"/> returns.</summary>
    public static FaultHostProcess Start(FaultHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var startInfo = new ProcessStartInfo(DotnetExecutable())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssemblyPath())!,
        };
        startInfo.ArgumentList.Add(HostAssemblyPath());
        foreach (var argument in settings.ToArguments())
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new FaultHostProcess(settings, process);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data, "out");
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data, "err");
        process.Exited += (_, _) => host._ready.TrySetException(new InvalidOperationException($"Fault host {settings.HostId} exited before it was ready."));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Fault host {settings.HostId} could not be started.");
        }

        AppDomain.CurrentDomain.ProcessExit += host.KillOnExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the host to print that its task hub exists and its worker runs.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Fault host {HostId} (pid {_process.Id}) did not get ready within {timeout.TotalSeconds} s. Its output:{Environment.NewLine}{Output}");
        }
        catch (InvalidOperationException ex)
        {
            await WaitForExitQuietlyAsync();
            throw new InvalidOperationException($"{ex.Message} Exit code {ExitCodeOrNone()}. Its output:{Environment.NewLine}{Output}", ex);
        }
    }

    /// <summary>Reads the host's episode log as far as it is written.</summary>
    public EpisodeLogContents ReadLog() => EpisodeLogReader.Read(Settings.EpisodeLogPath, HostId);

    /// <summary>Kills the process with SIGKILL and waits until it is gone; returns the <see cref="Stopwatch"/> timestamp taken after it was gone.</summary>
    public async Task<long> KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Everything the host wrote so far, each line marked with its stream.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
            {
                return _output.Length == 0 ? "(nothing)" : _output.ToString();
            }
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

            await WaitForExitQuietlyAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitForExitQuietlyAsync()
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string ExitCodeOrNone() => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(still running)";

    private void Capture(string? line, string stream)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.Append('[').Append(HostId).Append(' ').Append(stream).Append("] ").AppendLine(line);
        }

        if (line == _readyLine)
        {
            _ready.TrySetResult();
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

    private static string HostAssemblyPath()
    {
        var path = typeof(FaultHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "FaultHostPath")?.Value
            ?? throw new InvalidOperationException("The test assembly has no FaultHostPath metadata; see the test project file.");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The fault host is not built: '{path}' does not exist. Build the solution (or tests/Streamer.Durable.FaultHost) in the same configuration as the tests.");
    }

    /// <summary>The dotnet executable that runs these tests (the SDK sets DOTNET_HOST_PATH for its child processes), else the one on PATH.</summary>
    private static string DotnetExecutable()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
