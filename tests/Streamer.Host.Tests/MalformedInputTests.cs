using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using CsCheck;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;
using Streamer.Host.Tests.Infrastructure;
using Streamer.Host.Tests.Requests;
using Xunit.Abstractions;

namespace Streamer.Host.Tests;

/// <summary>
/// Issue #12: malformed input of every kind, against the real host, answers 4xx problem+json with a <c>code</c>, never a
/// 5xx, never a hang, and leaves the request index and the task hub's instances untouched.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class MalformedInputTests(StreamerAppFixture app, ITestOutputHelper output)
{
    private const string Tenant = "tenant-a";

    /// <summary>Bounds every call: an answer that does not come in this time fails the case as a hang.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly HashSet<string> Codes = ["VALIDATION", "NOT_FOUND", "UNAUTHORIZED", "FORBIDDEN", "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "TIMEOUT", "SERVICE_UNAVAILABLE", "INTERNAL"];

    [Fact]
    public async Task Hundreds_of_malformed_requests_all_answer_4xx_problem_json_with_a_code_and_store_nothing()
    {
        var started = DateTimeOffset.UtcNow;
        var users = new ConcurrentBag<string>();
        var byStatus = new ConcurrentDictionary<int, int>();
        var byFamily = new ConcurrentDictionary<string, int>();

        await MalformedCases.Any.SampleAsync(
            async malformed =>
            {
                var user = "sweep-" + Guid.NewGuid().ToString("N")[..12];
                users.Add(user);
                using var client = app.CreateClient(malformed.Authorization is null ? app.TokenFor(user) : null);
                using var request = malformed.ToRequest();
                using var timeout = new CancellationTokenSource(CallTimeout);
                using var response = await client.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                byFamily.AddOrUpdate(malformed.Family, 1, (_, n) => n + 1);

                Assert.True(status is >= 400 and < 500, $"answered {status}: {text}");
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"answered {status} as '{response.Content.Headers.ContentType}': {text}");
                var problem = JsonSerializer.Deserialize<JsonElement>(text);
                var code = problem.GetProperty("code").GetString() ?? string.Empty;
                Assert.True(Codes.Contains(code), $"'{code}' is not a documented code: {text}");
                Assert.Equal(status, problem.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), "traceId is missing");
                if (malformed.ExpectedStatus is { } expected)
                {
                    Assert.True(expected == status, $"expected {expected}, got {status}: {text}");
                }

                if (malformed.ExpectedField is { } field)
                {
                    var fields = ProblemAssert.ErrorFields(problem);
                    Assert.True(fields.Contains(field), $"expected an error for '{field}', got [{string.Join(", ", fields)}]: {text}");
                }
            },
            iter: 400,
            threads: 2,
            print: c => c.ToString());

        output.WriteLine($"{users.Count} requests; by status: {string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}");
        output.WriteLine($"by family: {string.Join(", ", byFamily.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))}");

        // A valid start by one more user shows that the queries below see what a start stores.
        using var deadline = new CancellationTokenSource(Deadline);
        var controlUser = "sweep-control-" + Guid.NewGuid().ToString("N")[..8];
        using var control = app.CreateClient(app.TokenFor(controlUser));
        using var accepted = await control.PostAsJsonAsync("api/requests", new { id = "control", action = "echo_async", payload = new { } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var tables = new TableServiceClient(app.StorageConnectionString);
        var sweepOwners = users.Select(u => new RequestOwner(Tenant, u).Key).ToHashSet(StringComparer.Ordinal);
        var controlOwner = new RequestOwner(Tenant, controlUser);
        var indexPartitions = new List<string>();
        await foreach (var row in tables.GetTableClient(app.TaskHubName + "Requests").QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: deadline.Token))
        {
            indexPartitions.Add(row.PartitionKey);
        }

        Assert.DoesNotContain(indexPartitions, sweepOwners.Contains);
        Assert.Contains(controlOwner.Key, indexPartitions);

        var newInstances = new List<string>();
        var instances = tables.GetTableClient(app.TaskHubName + "Instances");
        await foreach (var row in instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CreatedTime ge {started.UtcDateTime}"), select: ["PartitionKey"], cancellationToken: deadline.Token))
        {
            newInstances.Add(row.PartitionKey);
        }

        Assert.Equal([RequestKeys.InstanceId(controlOwner, "control")], newInstances);
        var finished = await StreamerApi.WaitUntilFinishedAsync(control, "control", deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Thirty_two_levels_of_payload_run_on_both_paths_and_thirty_three_are_400_over_HTTP_and_the_hub()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = "depth-" + Guid.NewGuid().ToString("N")[..12];
        var token = app.TokenFor(user);
        using var client = app.CreateClient(token);
        await using var hub = app.CreateHubConnection(token);
        await hub.StartAsync(deadline.Token);
        var deepest = StartCommandParserTests.BodyWithDepth(StartBodyScanner.MaxPayloadDepth);
        var tooDeep = StartCommandParserTests.BodyWithDepth(StartBodyScanner.MaxPayloadDepth + 1);

        using var sync = await Post(client, deepest, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal(
            JsonSerializer.Deserialize<JsonElement>(deepest).GetProperty("payload").GetRawText(),
            (await ProblemAssert.JsonAsync(sync)).GetProperty("data").GetProperty("echo").GetRawText());

        using var durable = await Post(client, deepest.Replace("\"echo\"", "\"echo_async\"", StringComparison.Ordinal).Replace("{\"action\"", "{\"id\":\"deepest\",\"action\"", StringComparison.Ordinal), deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, durable.StatusCode);
        var finished = await StreamerApi.WaitUntilFinishedAsync(client, "deepest", deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());

        foreach (var action in new[] { "echo", "echo_async" })
        {
            var body = tooDeep.Replace("\"echo\"", $"\"{action}\"", StringComparison.Ordinal).Replace("{\"action\"", "{\"id\":\"too-deep\",\"action\"", StringComparison.Ordinal);
            using var rejected = await Post(client, body, deadline.Token);
            var problem = await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.BadRequest, "VALIDATION");
            Assert.Equal(["payload"], ProblemAssert.ErrorFields(problem));
            Assert.Contains("more than 32 levels deep", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var viaHub = await hub.InvokeAsync<JsonElement>("StartRequest", JsonSerializer.Deserialize<JsonElement>(body), deadline.Token);
            Assert.Equal(400, viaHub.GetProperty("status").GetInt32());
            Assert.Equal(problem.GetProperty("detail").GetString(), viaHub.GetProperty("body").GetProperty("detail").GetString());
        }

        using var unknown = await client.GetAsync(new Uri("api/requests/too-deep", UriKind.Relative), deadline.Token);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        Assert.Equal(["deepest"], (await ProblemAssert.JsonAsync(list)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("""{"id":"\ud800","action":"echo","payload":{}}""", "id")]
    [InlineData("""{"action":"\udc00echo","payload":{}}""", "action")]
    [InlineData("""{"action":"echo_async","payload":{"s":"\ud800"}}""", "payload.s")]
    [InlineData("""{"action":"echo","payload":{"\udbff":1}}""", "payload")]
    public async Task Unpaired_surrogates_over_the_hub_get_the_same_400_as_over_HTTP(string json, string field)
        => await AssertSameOverHubAndHttpAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, field);

    [Fact]
    public async Task Invalid_UTF_8_in_a_payload_over_the_hub_gets_the_same_400_as_over_HTTP()
        => await AssertSameOverHubAndHttpAsync([.. """{"action":"echo_async","payload":{"s":"a"""u8, 0xC0, 0x80, .. "\"}}"u8], WebSocketMessageType.Binary, "payload.s");

    [Theory]
    [InlineData("GET /api/requests/%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /api/requests/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /api/requests HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /api/requests HTTP/1.1\r\nHost: x\r\nNot a header line\r\n\r\n", 400)]
    [InlineData("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("GET /api/requests?q={long} HTTP/1.1\r\nHost: x\r\n\r\n", 414)]
    [InlineData("GET /api/requests HTTP/1.1\r\nHost: x\r\nX-Big: {long}\r\n\r\n", 431)]
    public async Task Kestrel_rejects_these_before_the_app_sees_them_with_an_empty_answer(string request, int status)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        var bytes = Encoding.ASCII.GetBytes(request.Replace("{long}", new string('a', 40 * 1024), StringComparison.Ordinal));

        var response = await RawClients.SendHttpAsync(app.BaseAddress, bytes, timeout.Token);

        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 0\r\n", response, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("problem+json", response, StringComparison.Ordinal);
    }

    private async Task AssertSameOverHubAndHttpAsync(byte[] body, WebSocketMessageType frameType, string field)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = "raw-hub-" + Guid.NewGuid().ToString("N")[..12];
        var token = app.TokenFor(user);
        using var client = app.CreateClient(token);

        var completion = await RawClients.InvokeStartRequestAsync(app.BaseAddress, token, body, frameType, deadline.Token);
        using var http = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }, deadline.Token);

        Assert.True(completion.TryGetProperty("result", out var answer), $"the hub answered {completion}");
        Assert.Equal(400, answer.GetProperty("status").GetInt32());
        var viaHub = answer.GetProperty("body");
        var viaHttp = await ProblemAssert.IsProblemAsync(http, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal("VALIDATION", viaHub.GetProperty("code").GetString());
        Assert.Equal([field], ProblemAssert.ErrorFields(viaHttp));
        Assert.Equal([field], ProblemAssert.ErrorFields(viaHub));
        Assert.Equal(viaHttp.GetProperty("detail").GetString(), viaHub.GetProperty("detail").GetString());
        using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        Assert.Empty((await ProblemAssert.JsonAsync(list)).GetProperty("items").EnumerateArray());
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string json, CancellationToken cancellationToken)
        => client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
}
