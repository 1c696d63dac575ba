using Microsoft.Extensions.DependencyInjection;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>host.json's <c>functionTimeout</c> bounds each chunk: an overrunning chunk is stopped, retried, and then fails the request.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class FunctionTimeoutTests(StreamerAppFixture app)
{
    [Fact]
    public async Task A_chunk_that_overruns_functionTimeout_is_stopped_retried_and_fails_the_request()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["functionTimeout"] = "00:00:01";
        await using var host = StreamerHost.Start(settings, services => services.AddAction<GatedTestAction>());
        using var client = host.CreateClient(app.TokenFor("timeout-" + Guid.NewGuid().ToString("N")[..8]));
        var requestId = "slow-" + Guid.NewGuid().ToString("N")[..8];

        // The gate is never opened, so every attempt of chunk 0 runs into the timeout.
        await StreamerApi.StartGatedAsync(client, requestId, chunks: 1, deadline.Token);
        var status = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains("function timeout", status.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var run = GatedTestRegistry.For(requestId);
        Assert.Equal([0, 0, 0], run.StartedChunks);
        Assert.Equal(3, run.Events.Count(e => e.Event == GatedChunkEvent.Canceled));
    }
}
