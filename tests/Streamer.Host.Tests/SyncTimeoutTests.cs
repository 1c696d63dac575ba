using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>An inline (sync) action is bounded by the sync threshold and answers 504 TIMEOUT when it overruns.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class SyncTimeoutTests(StreamerAppFixture app)
{
    [Fact]
    public async Task A_sync_action_that_overruns_the_threshold_answers_504_TIMEOUT_and_records_nothing()
    {
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:SyncThreshold"] = "00:00:01";
        await using var host = StreamerHost.Start(settings, services => services.AddAction<StuckSyncTestAction>());
        using var client = host.CreateClient(app.TokenFor("sync-timeout-" + Guid.NewGuid().ToString("N")[..8]));

        var response = await client.PostAsJsonAsync("api/requests", new { id = "stuck", action = StuckSyncTestAction.ActionName, payload = new { chunks = 1 } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "TIMEOUT");
        Assert.Contains("sync threshold", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await ProblemAssert.JsonAsync(await client.GetAsync(new Uri("api/requests", UriKind.Relative)));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }
}
