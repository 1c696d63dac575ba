using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>The <c>streamer</c> hub's client-callable methods: <c>StartRequest</c> and <c>Subscribe</c>.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class HubTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StartRequest_answers_an_async_start_with_the_same_status_and_body_as_the_HTTP_starter()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, token) = NewUser();
        using var client = app.CreateClient(token);
        await using var hub = await ConnectAsync(token, deadline.Token);
        var requestId = "hub-" + Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToElement(new { id = requestId, action = GatedTestAction.ActionName, payload = new { chunks = 1 } });
        try
        {
            var answer = await hub.InvokeAsync<JsonElement>("StartRequest", body, deadline.Token);
            using var http = await client.PostAsJsonAsync("api/requests", body, deadline.Token);

            Assert.Equal(HttpStatusCode.Accepted, http.StatusCode);
            Assert.Equal(202, answer.GetProperty("status").GetInt32());
            var httpBody = await http.Content.ReadAsStringAsync(deadline.Token);
            Assert.True(
                JsonNode.DeepEquals(JsonNode.Parse(httpBody), JsonNode.Parse(answer.GetProperty("body").GetRawText())),
                $"hub answered {answer.GetProperty("body")}, HTTP answered {httpBody}");
            Assert.Equal(requestId, answer.GetProperty("body").GetProperty("requestId").GetString());
            Assert.Equal("queued", answer.GetProperty("body").GetProperty("status").GetString());

            using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
            Assert.Single((await ProblemAssert.JsonAsync(list)).GetProperty("items").EnumerateArray());
        }
        finally
        {
            GatedTestRegistry.For(requestId).Release(0);
        }

        var finished = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task StartRequest_runs_a_sync_action_inline_like_the_HTTP_starter()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, token) = NewUser();
        using var client = app.CreateClient(token);
        await using var hub = await ConnectAsync(token, deadline.Token);
        var body = JsonSerializer.SerializeToElement(new { id = "sync-1", action = "echo", payload = new { hello = "hub", n = 2 } });

        var answer = await hub.InvokeAsync<JsonElement>("StartRequest", body, deadline.Token);
        using var http = await client.PostAsJsonAsync("api/requests", body, deadline.Token);

        Assert.Equal(HttpStatusCode.OK, http.StatusCode);
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        var viaHub = JsonNode.Parse(answer.GetProperty("body").GetRawText())!.AsObject();
        var viaHttp = JsonNode.Parse(await http.Content.ReadAsStringAsync(deadline.Token))!.AsObject();
        Assert.Equal(viaHttp.Select(p => p.Key).Order(), viaHub.Select(p => p.Key).Order());
        foreach (var field in new[] { "requestId", "action", "success", "processedSync" })
        {
            Assert.True(JsonNode.DeepEquals(viaHttp[field], viaHub[field]), $"{field} differs: {viaHttp[field]} vs {viaHub[field]}");
        }

        Assert.True(JsonNode.DeepEquals(viaHttp["data"]!["echo"], viaHub["data"]!["echo"]));
        Assert.Equal("hub", viaHub["data"]!["echo"]!["hello"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":"r1","action":"no_such_action","payload":{}}""")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":0}}""")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":"x","more":1}}""")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":"text","extra":1}""")]
    [InlineData("""{"id":"a b","payload":{}}""")]
    [InlineData("""[1,2,3]""")]
    public async Task Bad_input_over_the_hub_gets_the_same_problem_as_over_HTTP(string json)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, token) = NewUser();
        await AssertSameProblemAsync(token, JsonSerializer.Deserialize<JsonElement>(json), deadline.Token);
        await AssertNoRequestsAsync(token, deadline.Token);
    }

    [Fact]
    public async Task An_oversize_payload_a_forbidden_action_and_a_conflicting_id_get_the_same_problem_over_the_hub()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (user, token) = NewUser();
        var oversize = JsonSerializer.SerializeToElement(new { action = "echo_async", payload = new { data = new string('x', 1024 * 1024) } });
        await AssertSameProblemAsync(token, oversize, deadline.Token);

        var echoOnly = app.TokenFor(user, permissions: ["actions:echo"]);
        await AssertSameProblemAsync(echoOnly, JsonSerializer.SerializeToElement(new { action = GatedTestAction.ActionName, payload = new { chunks = 1 } }), deadline.Token);
        await AssertNoRequestsAsync(token, deadline.Token);

        var requestId = "hub-conflict-" + Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(token);
        try
        {
            await StreamerApi.StartGatedAsync(client, requestId, chunks: 1, deadline.Token);
            await AssertSameProblemAsync(token, JsonSerializer.SerializeToElement(new { id = requestId, action = GatedTestAction.ActionName, payload = new { chunks = 3 } }), deadline.Token);
        }
        finally
        {
            GatedTestRegistry.For(requestId).Release(0);
        }

        await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
    }

    [Fact]
    public async Task StartRequest_and_the_HTTP_starter_share_one_rate_limit_per_user()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, token) = NewUser();
        using var client = app.CreateClient(token);
        await using var hub = await ConnectAsync(token, deadline.Token);
        var echo = JsonSerializer.SerializeToElement(new { action = "echo", payload = new { } });
        for (var i = 0; i < StreamerAppFixture.RateLimitPermits; i++)
        {
            var status = i % 2 == 0
                ? (await hub.InvokeAsync<JsonElement>("StartRequest", echo, deadline.Token)).GetProperty("status").GetInt32()
                : (int)(await client.PostAsJsonAsync("api/requests", echo, deadline.Token)).StatusCode;
            Assert.Equal(200, status);
        }

        var limited = await hub.InvokeAsync<JsonElement>("StartRequest", echo, deadline.Token);
        using var http = await client.PostAsJsonAsync("api/requests", echo, deadline.Token);

        Assert.Equal(429, limited.GetProperty("status").GetInt32());
        Assert.Equal("RATE_LIMITED", limited.GetProperty("body").GetProperty("code").GetString());
        Assert.InRange(limited.GetProperty("body").GetProperty("retryAfterSeconds").GetInt32(), 1, 60);
        var problem = await ProblemAssert.IsProblemAsync(http, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.Equal(problem.GetProperty("retryAfterSeconds").GetInt32(), (int)http.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
    }

    [Fact]
    public async Task Subscribe_returns_the_requests_state_to_its_owner_and_fails_for_another_user()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, ownerToken) = NewUser();
        var (_, otherToken) = NewUser();
        using var client = app.CreateClient(ownerToken);
        await using var owner = await ConnectAsync(ownerToken, deadline.Token);
        await using var other = await ConnectAsync(otherToken, deadline.Token);
        var requestId = "hub-sub-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(requestId);
        try
        {
            await StreamerApi.StartGatedAsync(client, requestId, chunks: 1, deadline.Token);
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

            var state = await owner.InvokeAsync<JsonElement>("Subscribe", requestId, deadline.Token);
            using var http = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
            var viaHttp = await ProblemAssert.JsonAsync(http);
            Assert.Equal(requestId, state.GetProperty("id").GetString());
            Assert.Equal(GatedTestAction.ActionName, state.GetProperty("action").GetString());
            Assert.Equal(viaHttp.GetProperty("runtimeStatus").GetString(), state.GetProperty("runtimeStatus").GetString());
            Assert.Equal(viaHttp.GetProperty("createdTime").GetDateTimeOffset(), state.GetProperty("createdTime").GetDateTimeOffset());

            var foreign = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync<JsonElement>("Subscribe", requestId, deadline.Token));
            Assert.Contains("NOT_FOUND", foreign.Message, StringComparison.Ordinal);
            var unknown = await Assert.ThrowsAsync<HubException>(() => owner.InvokeAsync<JsonElement>("Subscribe", "no-such-request", deadline.Token));
            Assert.Contains("NOT_FOUND", unknown.Message, StringComparison.Ordinal);
            var malformed = await Assert.ThrowsAsync<HubException>(() => owner.InvokeAsync<JsonElement>("Subscribe", "not a valid id!", deadline.Token));
            Assert.Contains("NOT_FOUND", malformed.Message, StringComparison.Ordinal);
        }
        finally
        {
            run.Release(0);
        }

        await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        var finished = await owner.InvokeAsync<JsonElement>("Subscribe", requestId, deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1, finished.GetProperty("output").GetProperty("chunks_finished").GetInt32());
    }

    private async Task AssertSameProblemAsync(string token, JsonElement body, CancellationToken cancellationToken)
    {
        using var client = app.CreateClient(token);
        await using var hub = await ConnectAsync(token, cancellationToken);

        var answer = await hub.InvokeAsync<JsonElement>("StartRequest", body, cancellationToken);
        using var http = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(body.GetRawText(), Encoding.UTF8, "application/json"), cancellationToken);

        var status = (HttpStatusCode)answer.GetProperty("status").GetInt32();
        var viaHub = answer.GetProperty("body");
        var viaHttp = await ProblemAssert.IsProblemAsync(http, status, viaHub.GetProperty("code").GetString()!);
        Assert.Equal((int)status, viaHub.GetProperty("status").GetInt32());
        Assert.Equal(viaHttp.GetProperty("title").GetString(), viaHub.GetProperty("title").GetString());
        Assert.Equal(viaHttp.GetProperty("detail").GetString(), viaHub.GetProperty("detail").GetString());
        var hubErrors = viaHub.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array ? JsonNode.Parse(e.GetRawText()) : null;
        var httpErrors = viaHttp.TryGetProperty("errors", out var h) ? JsonNode.Parse(h.GetRawText()) : null;
        Assert.True(JsonNode.DeepEquals(httpErrors, hubErrors), $"errors differ: HTTP {httpErrors?.ToJsonString()}, hub {hubErrors?.ToJsonString()}");
    }

    private async Task AssertNoRequestsAsync(string token, CancellationToken cancellationToken)
    {
        using var client = app.CreateClient(token);
        using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), cancellationToken);
        Assert.Empty((await ProblemAssert.JsonAsync(list)).GetProperty("items").EnumerateArray());
    }

    private async Task<HubConnection> ConnectAsync(string token, CancellationToken cancellationToken)
    {
        var hub = app.CreateHubConnection(token);
        await hub.StartAsync(cancellationToken);
        return hub;
    }

    private (string User, string Token) NewUser()
    {
        var user = "hub-" + Guid.NewGuid().ToString("N")[..12];
        return (user, app.TokenFor(user));
    }
}
