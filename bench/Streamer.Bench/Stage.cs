using System.Globalization;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// One measurement's world: a fresh in-memory Azurite, a hooked host and the baseline server on it. Each figure gets
/// its own, because in memory Azurite runs a queue garbage collection at start and then every 60 s that stalls it for
/// a time quadratic in the messages sent since the last pass (see BENCHMARKS.md, engine on Azurite); every stage here
/// finishes well inside 60 s of Azurite's life, so no pass falls inside a measurement.
/// </summary>
internal sealed class Stage : IAsyncDisposable
{
    private Stage(AzuriteProcess azurite, StreamerHostProcess host, BaselineServerProcess baseline)
    {
        Azurite = azurite;
        Host = host;
        Baseline = baseline;
        AzuriteProcessId = ProcessStats.FindByCommandLine("--queuePort", azurite.QueuePort.ToString(CultureInfo.InvariantCulture));
    }

    public AzuriteProcess Azurite { get; }

    public StreamerHostProcess Host { get; }

    public BaselineServerProcess Baseline { get; }

    public int? AzuriteProcessId { get; }

    public static async Task<Stage> StartAsync()
    {
        var azurite = await AzuriteProcess.StartAsync();
        StreamerHostProcess? host = null;
        try
        {
            host = await StreamerHostProcess.StartAsync(azurite, hooked: true);
            var baseline = await BaselineServerProcess.StartAsync(azurite);
            return new Stage(azurite, host, baseline);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Names the storage service Azurite serves on <paramref name="port"/>.</summary>
    public string Service(int port) => ServiceOf(Azurite, port);

    /// <summary>Names the storage service <paramref name="azurite"/> serves on <paramref name="port"/>.</summary>
    public static string ServiceOf(AzuriteProcess azurite, int port)
        => port == azurite.TablePort ? "table" : port == azurite.QueuePort ? "queue" : port == azurite.BlobPort ? "blob" : "port " + port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Baseline.DisposeAsync();
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
