using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Security;

/// <summary>
/// Each user has a budget of reads (status, list, <c>Subscribe</c>) of its own, apart from the start budget: a user who
/// polls too fast gets 429 with <c>Retry-After</c>, can still start work, and does not spend anyone else's reads.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class ReadLimitTests(StreamerAppFixture app)
{
    private const int ReadPermits = 4;

    [Fact]
    public async Task Reads_past_the_budget_answer_429_while_starts_and_other_users_go_on()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:ReadRateLimitPermits"] = ReadPermits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Streamer:ReadRateLimitWindow"] = "00:10:00";
        await using var host = StreamerHost.Start(settings);
        var token = app.TokenFor("reader-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = host.CreateClient(token);

        // Status reads and lists draw on one budget: two of each spend it.
        for (var i = 0; i < ReadPermits / 2; i++)
        {
            using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            using var status = await client.GetAsync(new Uri("api/requests/unknown-" + i, UriKind.Relative), deadline.Token);
            Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        }

        using var limitedStatus = await client.GetAsync(new Uri("api/requests/unknown-x", UriKind.Relative), deadline.Token);
        using var limitedList = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        foreach (var limited in new[] { limitedStatus, limitedList })
        {
            var problem = await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
            Assert.Equal((int)retryAfter.Value.TotalSeconds, problem.GetProperty("retryAfterSeconds").GetInt32());
        }

        // Subscribe over the hub counts too.
        await using var hub = host.CreateHubConnection(token);
        await hub.StartAsync(deadline.Token);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<object>("Subscribe", "unknown-x", deadline.Token));
        Assert.Contains("RATE_LIMITED", refused.Message, StringComparison.Ordinal);

        // Starting is another budget, and another user's reads are their own.
        using var start = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { } }, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        using var other = host.CreateClient(app.TokenFor("other-" + Guid.NewGuid().ToString("N")[..8]));
        using var otherList = await other.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, otherList.StatusCode);
    }
}
