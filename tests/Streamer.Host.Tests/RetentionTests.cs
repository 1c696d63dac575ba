using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>Finished requests are deleted once past their retention; running ones are kept however old.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class RetentionTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Finished_requests_past_retention_are_purged_and_running_ones_are_kept()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:RequestRetention"] = "00:00:01";
        settings["Streamer:RetentionSweepInterval"] = "00:00:01";
        await using var host = StreamerHost.Start(settings, services => services.AddAction<GatedTestAction>());
        using var client = host.CreateClient(app.TokenFor("retention-" + Guid.NewGuid().ToString("N")[..8]));
        var finishedId = "done-" + Guid.NewGuid().ToString("N")[..8];
        var runningId = "running-" + Guid.NewGuid().ToString("N")[..8];

        var start = await client.PostAsJsonAsync("api/requests", new { id = finishedId, action = "echo_async", payload = new { } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var running = await StreamerApi.StartGatedAsync(client, runningId, chunks: 1, deadline.Token);
        await StreamerApi.WaitUntilFinishedAsync(client, finishedId, deadline.Token);

        await Poll.UntilAsync(
            async ct => (await client.GetAsync(new Uri($"api/requests/{finishedId}", UriKind.Relative), ct)).StatusCode,
            status => status == HttpStatusCode.NotFound,
            deadline.Token);

        // Keep reading the running request until it is past retention plus two sweeps: it must stay.
        var keptUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        await Poll.UntilAsync(
            async ct =>
            {
                var response = await client.GetAsync(new Uri($"api/requests/{runningId}", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return DateTimeOffset.UtcNow;
            },
            now => now > keptUntil,
            deadline.Token);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        Assert.NotNull(await durable.GetInstanceAsync(running.GetProperty("id").GetString()!, cancellation: deadline.Token));

        GatedTestRegistry.For(runningId).Release(0);
        await StreamerApi.WaitUntilFinishedAsync(client, runningId, deadline.Token);
    }
}
