using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>Every kind of bad input gets its documented answer and changes no stored state.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class BadInputTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("{\"action\": \"echo_async\", \"payload\": {")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"action\": \"echo_async\"} trailing")]
    public async Task Malformed_json_is_400_VALIDATION_and_stores_nothing(string body)
    {
        var (user, client) = NewUser();
        using var _ = client;

        using var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoRequestsAsync(user);
    }

    [Fact]
    public async Task Unknown_action_is_404_NOT_FOUND_naming_the_known_actions_and_stores_nothing()
    {
        var (user, client) = NewUser();
        using var _ = client;

        using var response = await client.PostAsJsonAsync("api/requests", new { id = "r1", action = "no_such_action", payload = new { } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Contains("echo_async", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoRequestsAsync(user);
        using var status = await client.GetAsync(new Uri("api/requests/r1", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(status, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":0}}""", "payload.chunks")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":"three"}}""", "payload.chunks")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":2,"extra":true}}""", "payload.extra")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":[1,2]}""", "payload")]
    [InlineData("""{"id":"r1","action":"gated_test","payload":{"chunks":1},"priority":"high"}""", "priority")]
    [InlineData("""{"id":"r1","payload":{"chunks":1}}""", "action")]
    [InlineData("""{"id":"r1","action":"bad action!","payload":{}}""", "action")]
    [InlineData("""{"id":"not allowed/slash","action":"gated_test","payload":{"chunks":1}}""", "id")]
    [InlineData("""["gated_test"]""", "body")]
    public async Task Invalid_payload_is_400_VALIDATION_with_errors_naming_the_field_and_stores_nothing(string body, string field)
    {
        var (user, client) = NewUser();
        using var _ = client;

        using var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        var fields = ProblemAssert.ErrorFields(problem);
        Assert.True(fields.Any(f => f.StartsWith(field, StringComparison.Ordinal)), $"expected an error for '{field}', got {string.Join(", ", fields)}");
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
        await AssertNoRequestsAsync(user);
    }

    [Fact]
    public async Task A_process_data_payload_that_would_expand_past_its_memory_budget_is_400_VALIDATION_naming_the_step_and_stores_nothing()
    {
        var (user, client) = NewUser();
        using var _ = client;

        // Issue 18's case: a 0.4 MB body that sets a 10 KB value on each of 10,000 records, 100 MB of output.
        var body = JsonSerializer.Serialize(new
        {
            action = "process_data",
            payload = new
            {
                records = Enumerable.Range(0, 10_000).Select(i => new { id = $"r{i:D5}", date = "2024-01-01" }),
                pipeline = new object[] { new { type = "filter", field = "id", op = "exists" }, new { type = "transform", field = "blob", op = "set", value = new string('v', 10_000) } },
            },
        });

        using var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("payload.pipeline[1].value", error.GetProperty("field").GetString());
        Assert.Contains("makes the result up to 100,470,005 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("at most 67,108,864 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNoRequestsAsync(user);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_PAYLOAD_TOO_LARGE_with_or_without_Content_Length_and_store_nothing()
    {
        var (user, client) = NewUser();
        using var _ = client;
        var oversizeBody = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = "big", action = "echo_async", payload = new { data = new string('x', 1024 * 1024 + 8 * 1024) } }));
        var oversizePayload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = "big", action = "echo_async", payload = new { data = new string('x', 1024 * 1024) } }));

        var withLength = new ByteArrayContent(oversizeBody);
        withLength.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var content in new HttpContent[] { withLength, new ChunkedContent(oversizeBody), new ChunkedContent(oversizePayload) })
        {
            using (content)
            {
                using var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), content);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
            }
        }

        await AssertNoRequestsAsync(user);
        using var status = await client.GetAsync(new Uri("api/requests/big", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(status, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Missing_expired_and_forged_tokens_are_401_UNAUTHORIZED_and_store_nothing()
    {
        var user = NewUserId();
        var now = DateTime.UtcNow;
        var expired = Token(user, StreamerAppFixture.SigningKey, notBefore: now.AddHours(-2), expires: now.AddMinutes(-5));
        var forged = Token(user, "another-key-that-the-host-does-not-trust-0123456789", notBefore: now, expires: now.AddHours(1));
        var wrongAudience = Token(user, StreamerAppFixture.SigningKey, notBefore: now, expires: now.AddHours(1), audience: "someone-else");
        var cases = new (string? Token, string Detail)[]
        {
            (null, "Authorization: Bearer"),
            (expired, "expired"),
            (forged, "signature"),
            (wrongAudience, "audience"),
            ("not-a-jwt", "not valid"),
        };

        foreach (var (token, detail) in cases)
        {
            using var client = app.CreateClient(token);
            using var start = await client.PostAsJsonAsync("api/requests", new { id = "r1", action = "echo_async", payload = new { } });
            var problem = await ProblemAssert.IsProblemAsync(start, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("Bearer", start.Headers.WwwAuthenticate.Single().Scheme);

            foreach (var uri in new[] { "api/requests", "api/requests/r1" })
            {
                using var read = await client.GetAsync(new Uri(uri, UriKind.Relative));
                await ProblemAssert.IsProblemAsync(read, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            }
        }

        await AssertNoRequestsAsync(user);
    }

    [Fact]
    public async Task Another_users_request_is_404_on_get_cancel_and_delete_and_stays_untouched()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (owner, ownerClient) = NewUser();
        var (_, otherClient) = NewUser();
        using var _ = ownerClient;
        using var __ = otherClient;
        var requestId = "shared-" + Guid.NewGuid().ToString("N");
        await StreamerApi.StartGatedAsync(ownerClient, requestId, chunks: 1, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        try
        {
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            var unknownId = "missing-" + Guid.NewGuid().ToString("N")[..(requestId.Length - 8)];

            foreach (var (method, suffix) in new[] { (HttpMethod.Get, string.Empty), (HttpMethod.Post, "/cancel"), (HttpMethod.Delete, string.Empty) })
            {
                using var foreign = await otherClient.SendAsync(new HttpRequestMessage(method, new Uri($"api/requests/{requestId}{suffix}", UriKind.Relative)), deadline.Token);
                var problem = await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.NotFound, "NOT_FOUND");
                using var missing = await otherClient.SendAsync(new HttpRequestMessage(method, new Uri($"api/requests/{unknownId}{suffix}", UriKind.Relative)), deadline.Token);
                var expected = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");

                // Indistinguishable from a request that does not exist.
                Assert.Equal(expected.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
                Assert.Equal(expected.GetProperty("detail").GetString()!.Replace(unknownId, requestId, StringComparison.Ordinal), problem.GetProperty("detail").GetString());
            }

            using var list = await otherClient.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
            Assert.Empty((await ProblemAssert.JsonAsync(list)).GetProperty("items").EnumerateArray());
            using var ownerView = await ownerClient.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, ownerView.StatusCode);
            Assert.Equal("Running", (await ProblemAssert.JsonAsync(ownerView)).GetProperty("runtimeStatus").GetString());
            Assert.DoesNotContain(run.Events, e => e.Event == GatedChunkEvent.Canceled);
        }
        finally
        {
            run.Release(0);
        }

        var finished = await StreamerApi.WaitUntilFinishedAsync(ownerClient, requestId, deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
        using var foreignDelete = await otherClient.DeleteAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
        await ProblemAssert.IsProblemAsync(foreignDelete, HttpStatusCode.NotFound, "NOT_FOUND");
        using var stillThere = await ownerClient.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Single(await ListAsync(owner));
    }

    [Fact]
    public async Task Same_id_with_another_body_is_409_and_with_the_same_body_returns_the_same_202_once()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (user, client) = NewUser();
        using var _ = client;
        var requestId = "idem-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(requestId);
        try
        {
            using var first = await client.PostAsync(new Uri("api/requests", UriKind.Relative), Json($$$"""{"id":"{{{requestId}}}","action":"gated_test","payload":{"chunks":1}}"""), deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            var firstBody = await first.Content.ReadAsStringAsync(deadline.Token);

            using var conflict = await client.PostAsync(new Uri("api/requests", UriKind.Relative), Json($$$"""{"id":"{{{requestId}}}","action":"gated_test","payload":{"chunks":2}}"""), deadline.Token);
            var problem = await ProblemAssert.IsProblemAsync(conflict, HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains(requestId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var retry = await client.PostAsync(new Uri("api/requests", UriKind.Relative), Json($$$"""{ "payload" : { "chunks" : 1 }, "action" : "gated_test", "id" : "{{{requestId}}}" }"""), deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(firstBody), JsonNode.Parse(await retry.Content.ReadAsStringAsync(deadline.Token))), "the retry answered differently");
            Assert.Equal(first.Headers.Location, retry.Headers.Location);

            var requests = await ListAsync(user);
            Assert.Equal([requestId], requests.Select(r => r.GetProperty("id").GetString()));
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
        }
        finally
        {
            run.Release(0);
        }

        var finished = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal(1, finished.GetProperty("output").GetProperty("chunks_finished").GetInt32());
        Assert.Equal([0], run.StartedChunks);
    }

    [Fact]
    public async Task Too_many_starts_are_429_RATE_LIMITED_with_Retry_After_and_store_nothing()
    {
        var (user, client) = NewUser();
        using var _ = client;
        for (var i = 0; i < StreamerAppFixture.RateLimitPermits; i++)
        {
            using var allowed = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { i } });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("api/requests", new { id = "over-the-limit", action = "echo_async", payload = new { } });

        var problem = await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        var seconds = problem.GetProperty("retryAfterSeconds").GetInt32();
        Assert.InRange(seconds, 1, 60);
        Assert.Equal(TimeSpan.FromSeconds(seconds), limited.Headers.RetryAfter?.Delta);
        await AssertNoRequestsAsync(user);
        using var status = await client.GetAsync(new Uri("api/requests/over-the-limit", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(status, HttpStatusCode.NotFound, "NOT_FOUND");

        // Another user has a budget of their own.
        var (_, other) = NewUser();
        using var __ = other;
        using var otherStart = await other.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { } });
        Assert.Equal(HttpStatusCode.OK, otherStart.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_actions_permission_is_403_FORBIDDEN_and_stores_nothing()
    {
        var user = NewUserId();
        using var client = app.CreateClient(app.TokenFor(user, permissions: ["actions:echo"]));

        using var forbidden = await client.PostAsJsonAsync("api/requests", new { id = "r1", action = GatedTestAction.ActionName, payload = new { chunks = 1 } });

        var problem = await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("actions:gated_test", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoRequestsAsync(user);
        using var allowed = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { } });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Theory]
    [InlineData("top=0", "top")]
    [InlineData("top=101", "top")]
    [InlineData("top=-5", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("status=Finished", "status")]
    [InlineData("status=Running,2", "status")]
    [InlineData("continuationToken=garbage!", "continuationToken")]
    [InlineData("continuationToken=djF8", "continuationToken")]
    [InlineData("continuationToken=djF8bm90LWEtdGFibGUtdG9rZW4", "continuationToken")]
    public async Task Bad_list_parameters_are_400_VALIDATION_naming_the_parameter(string query, string field)
    {
        var (_, client) = NewUser();
        using var _ = client;

        using var response = await client.GetAsync(new Uri("api/requests?" + query, UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal([field], ProblemAssert.ErrorFields(problem));
    }

    [Fact]
    public async Task A_continuation_token_issued_to_another_user_is_400_and_pages_for_its_owner()
    {
        var (_, owner) = NewUser();
        var (_, other) = NewUser();
        using var _ = owner;
        using var __ = other;
        foreach (var id in new[] { "first", "second" })
        {
            using var start = await owner.PostAsJsonAsync("api/requests", new { id, action = "echo_async", payload = new { } });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        using var firstPage = await owner.GetAsync(new Uri("api/requests?top=1", UriKind.Relative));
        var page = await ProblemAssert.JsonAsync(firstPage);
        Assert.Equal("second", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var token = page.GetProperty("continuationToken").GetString()!;

        using var foreign = await other.GetAsync(new Uri("api/requests?top=1&continuationToken=" + Uri.EscapeDataString(token), UriKind.Relative));
        var problem = await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal(["continuationToken"], ProblemAssert.ErrorFields(problem));

        using var secondPage = await owner.GetAsync(new Uri("api/requests?top=1&continuationToken=" + Uri.EscapeDataString(token), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, secondPage.StatusCode);
        var rest = await ProblemAssert.JsonAsync(secondPage);
        Assert.Equal("first", Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    private (string User, HttpClient Client) NewUser()
    {
        var user = NewUserId();
        return (user, app.CreateClient(app.TokenFor(user)));
    }

    private static string NewUserId() => "bad-input-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<List<JsonElement>> ListAsync(string user)
    {
        using var client = app.CreateClient(app.TokenFor(user));
        using var response = await client.GetAsync(new Uri("api/requests", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ProblemAssert.JsonAsync(response)).GetProperty("items").EnumerateArray()];
    }

    private async Task AssertNoRequestsAsync(string user) => Assert.Empty(await ListAsync(user));

    private static string Token(string user, string key, DateTime notBefore, DateTime expires, string audience = "streamer")
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "streamer-dev",
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = user, ["tid"] = "tenant-a", ["permissions"] = new[] { "actions:*" } },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
