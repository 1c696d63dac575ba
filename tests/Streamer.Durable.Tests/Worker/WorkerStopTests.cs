using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Streamer.Durable.Tests.Worker;

public sealed class WorkerStopTests
{
    [Fact]
    public async Task A_host_stopped_twice_concurrently_and_disposed_in_between_stops_cleanly()
    {
        // What app.Run() does when a WebApplicationFactory (or anyone else) also stops the host: two stops, then a dispose.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(durable => durable.AddTasks(_ => { }));
        var host = builder.Build();
        await host.StartAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var first = host.StopAsync(deadline.Token);
        var second = host.StopAsync(deadline.Token);
        await Task.WhenAll(first, second);
        host.Dispose();

        await host.StopAsync(deadline.Token);
    }
}
