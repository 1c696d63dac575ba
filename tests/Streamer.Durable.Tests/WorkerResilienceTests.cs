using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Tests;

/// <summary>Storage being down when the host starts must not take the host down with it.</summary>
public sealed class WorkerResilienceTests
{
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Host_started_while_storage_is_unreachable_keeps_running_with_the_start_failure_recorded()
    {
        var port = ClosedPort();
        var endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        var connectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
            $"BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};";
        await using var host = await DurableTestHost.StartAsync(connectionString, waitUntilRunning: false);
        var state = host.Services.GetRequiredService<TaskHubWorkerState>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        // The storage SDK gives up on a refused connection only after 6 tries with backoff (about 28 s).
        var failure = await Eventually.UntilAsync(() => Task.FromResult(state.LastStartFailure), f => f is not null, "the first failed start", TimeSpan.FromSeconds(90));

        Assert.False(state.IsRunning);
        Assert.Contains(nameof(SocketException), failure!.ToString(), StringComparison.Ordinal);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.False(lifetime.ApplicationStopped.IsCancellationRequested);
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
