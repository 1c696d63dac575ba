using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Activities.Sdk;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Security;

/// <summary>
/// Owners are told apart whatever their ids hold: tenant <c>t1/t2</c> with user <c>c</c> and tenant <c>t1</c> with user
/// <c>t2/c</c> were one SignalR user when ids were joined with a <c>/</c>. Ids with a control character are refused.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class OwnerIsolationTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Two_owners_whose_ids_join_alike_see_neither_the_others_messages_nor_requests()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = app.TokenFor(user: "c", tenant: $"t1-{suffix}/t2");
        var second = app.TokenFor(user: "t2/c", tenant: $"t1-{suffix}");
        var seenByFirst = new ConcurrentQueue<string>();
        var seenBySecond = new ConcurrentQueue<string>();
        await using var firstHub = await ConnectAsync(first, seenByFirst, deadline.Token);
        await using var secondHub = await ConnectAsync(second, seenBySecond, deadline.Token);
        using var firstClient = app.CreateClient(first);
        using var secondClient = app.CreateClient(second);

        var firstId = await StartAndWaitAsync(firstClient, seenByFirst, deadline.Token);
        // The second owner's own request, sent after the first's messages: anything of the first's sent to this
        // connection would have arrived before it, since one connection's messages keep their order.
        var secondId = await StartAndWaitAsync(secondClient, seenBySecond, deadline.Token);

        Assert.DoesNotContain(seenBySecond, m => m.EndsWith(":" + firstId, StringComparison.Ordinal));
        Assert.DoesNotContain(seenByFirst, m => m.EndsWith(":" + secondId, StringComparison.Ordinal));
        Assert.NotEqual(new RequestOwner($"t1-{suffix}/t2", "c").SignalRUserId, new RequestOwner($"t1-{suffix}", "t2/c").SignalRUserId);
        using var list = await secondClient.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        var listed = (await list.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString());
        Assert.Equal([secondId], listed);
        using var status = await secondClient.GetAsync(new Uri($"api/requests/{firstId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Theory]
    [InlineData("alice\n", "contoso")]
    [InlineData("alice", "con\ntoso")]
    [InlineData("alice\u0000", "contoso")]
    [InlineData("alice\u007f", "contoso")]
    public async Task A_token_whose_ids_hold_a_control_character_is_refused(string user, string tenant)
    {
        using var client = app.CreateClient(app.TokenFor(user, tenant));

        using var response = await client.GetAsync(new Uri("api/requests", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("control character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82", true)]
    [InlineData("ユーザー/😀", true)]
    [InlineData("", false)]
    [InlineData("a\tb", false)]
    public void Owner_ids_are_any_text_without_control_characters(string id, bool valid)
        => Assert.Equal(valid, RequestOwner.IsValidId(id));

    [Fact]
    public void An_owner_id_with_an_unpaired_surrogate_is_refused()
    {
        Assert.False(RequestOwner.IsValidId("a" + '\ud800'));
        Assert.False(RequestOwner.IsValidId('\udc00' + "a"));
        Assert.True(RequestOwner.IsValidId("a\ud83d\ude00"));
    }

    [Fact]
    public void The_storage_key_of_an_owner_is_unchanged_so_existing_requests_stay_theirs()
        // SHA-256 of "contoso\nalice", base64url: the key requests were stored under before ids were checked.
        => Assert.Equal("YENJzRNBgjQCnCH2k23xky5hcdwasnS6zeegR_2tqmw", new RequestOwner("contoso", "alice").Key);

    private async Task<HubConnection> ConnectAsync(string token, ConcurrentQueue<string> seen, CancellationToken cancellationToken)
    {
        var hub = app.CreateHubConnection(token);
        foreach (var method in new[] { "progress", "completed", "failed" })
        {
            hub.On<JsonElement>(method, message =>
            {
                seen.Enqueue($"{method}:{message.GetProperty("requestId").GetString()}");
            });
        }

        await hub.StartAsync(cancellationToken);
        return hub;
    }

    private static async Task<string> StartAndWaitAsync(HttpClient client, ConcurrentQueue<string> seen, CancellationToken cancellationToken)
    {
        var id = "owner-" + Guid.NewGuid().ToString("N")[..12];
        using var start = await client.PostAsJsonAsync("api/requests", new { id, action = "echo_async", payload = new { } }, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await StreamerApi.WaitUntilFinishedAsync(client, id, cancellationToken);
        // The status is recorded before completed is sent (DESIGN §4.1): wait for the message itself, on its owner's connection.
        while (!seen.Contains("completed:" + id))
        {
            await Task.Delay(50, cancellationToken);
        }

        return id;
    }
}
