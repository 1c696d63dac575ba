using System.Text.Json;
using static Streamer.Functions.Tests.FunctionsApp;

namespace Streamer.Functions.Tests;

/// <summary>The request triggers called directly, their requests run by the orchestration and activity triggers on the in-process engine.</summary>
public sealed class RequestFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_durable_start_answers_202_with_its_urls_and_completes_through_the_orchestration_and_activity_triggers()
    {
        var token = app.Token();
        var start = app.Request("POST", "/api/requests", new { action = "echo_async", payload = new { hello = "functions" } }, token);

        var accepted = await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client));

        Assert.Equal(StatusCodes.Status202Accepted, accepted.Status);
        var id = accepted.Body.GetProperty("requestId").GetString()!;
        var statusUri = $"http://localhost:7071/api/requests/{id}";
        Assert.Equal(statusUri, accepted.Body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(statusUri, accepted.Headers.Location.ToString());
        Assert.Equal("http://localhost:7071/api/negotiate", accepted.Body.GetProperty("negotiateUri").GetString());
        Assert.Equal("queued", accepted.Body.GetProperty("status").GetString());

        var done = await StatusAsync(id, token, answer => answer.Status == StatusCodes.Status200OK);
        Assert.Equal("Completed", done.Body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("functions", done.Body.GetProperty("output").GetProperty("echo").GetProperty("hello").GetString());
        Assert.Equal(100, done.Body.GetProperty("progress").GetProperty("percentage").GetDouble());

        var list = app.Request("GET", "/api/requests?top=5", token: token);
        var page = await ExecuteAsync(list, await app.Requests.ListAsync(list, app.Client));
        Assert.Equal(StatusCodes.Status200OK, page.Status);
        Assert.Contains(page.Body.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_fast_action_answers_200_inline()
    {
        var start = app.Request("POST", "/api/requests", new { action = "echo", payload = new { n = 1 } }, app.Token());

        var answer = await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.True(answer.Body.GetProperty("processedSync").GetBoolean());
    }

    [Fact]
    public async Task Cancel_answers_202_and_the_request_ends_Canceled()
    {
        var token = app.Token();
        var start = app.Request("POST", "/api/requests", new { action = UntilCanceledAction.ActionName, payload = new { } }, token);
        var id = (await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client))).Body.GetProperty("requestId").GetString()!;
        await StatusAsync(id, token, answer => answer.Body.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress && progress.GetProperty("percentage").GetDouble() > 0);

        var cancel = app.Request("POST", $"/api/requests/{id}/cancel", token: token);
        var accepted = await ExecuteAsync(cancel, await app.Requests.CancelAsync(cancel, app.Client, id));

        Assert.Equal(StatusCodes.Status202Accepted, accepted.Status);
        var ended = await StatusAsync(id, token, answer => answer.Status == StatusCodes.Status200OK);
        Assert.Equal("Canceled", ended.Body.GetProperty("runtimeStatus").GetString());

        var again = app.Request("POST", $"/api/requests/{id}/cancel", token: token);
        Assert.Equal(StatusCodes.Status409Conflict, (await ExecuteAsync(again, await app.Requests.CancelAsync(again, app.Client, id))).Status);

        var purge = app.Request("DELETE", $"/api/requests/{id}", token: token);
        Assert.Equal(StatusCodes.Status204NoContent, (await ExecuteAsync(purge, await app.Requests.PurgeAsync(purge, app.Client, id))).Status);
        var gone = app.Request("GET", $"/api/requests/{id}", token: token);
        Assert.Equal(StatusCodes.Status404NotFound, (await ExecuteAsync(gone, await app.Requests.GetAsync(gone, app.Client, id))).Status);
    }

    [Fact]
    public async Task Another_users_request_is_not_found()
    {
        var start = app.Request("POST", "/api/requests", new { action = "echo_async", payload = new { } }, app.Token("alice"));
        var id = (await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client))).Body.GetProperty("requestId").GetString()!;

        var read = app.Request("GET", $"/api/requests/{id}", token: app.Token("mallory"));
        var answer = await ExecuteAsync(read, await app.Requests.GetAsync(read, app.Client, id));

        AssertProblem(answer, StatusCodes.Status404NotFound, "NOT_FOUND");
    }

    public static TheoryData<string, object?, int, string> BadStarts => new()
    {
        { "no token", new { action = "echo", payload = new { } }, StatusCodes.Status401Unauthorized, "UNAUTHORIZED" },
        { "not JSON", "{ not json", StatusCodes.Status400BadRequest, "VALIDATION" },
        { "payload not an object", new { action = "echo_async", payload = 5 }, StatusCodes.Status400BadRequest, "VALIDATION" },
        { "unknown action", new { action = "no_such_action", payload = new { } }, StatusCodes.Status404NotFound, "NOT_FOUND" },
        { "id with a slash", new { id = "a/b", action = "echo_async", payload = new { } }, StatusCodes.Status400BadRequest, "VALIDATION" },
        { "lone surrogate in the action", "{\"action\":\"echo\\ud800\",\"payload\":{}}", StatusCodes.Status400BadRequest, "VALIDATION" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_start_answers_problem_json_and_starts_nothing(string name, object? body, int status, string code)
    {
        var user = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var start = app.Request("POST", "/api/requests", body, name == "no token" ? null : app.Token(user));

        var answer = await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client));

        AssertProblem(answer, status, code);
        if (status == StatusCodes.Status401Unauthorized)
        {
            Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
            return;
        }

        var list = app.Request("GET", "/api/requests", token: app.Token(user));
        Assert.Empty((await ExecuteAsync(list, await app.Requests.ListAsync(list, app.Client))).Body.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("..", StatusCodes.Status400BadRequest, "VALIDATION")]
    [InlineData("no-such-request", StatusCodes.Status404NotFound, "NOT_FOUND")]
    public async Task Status_of_a_bad_or_unknown_id_is_a_problem(string id, int status, string code)
    {
        var read = app.Request("GET", $"/api/requests/{Uri.EscapeDataString(id)}", token: app.Token());

        AssertProblem(await ExecuteAsync(read, await app.Requests.GetAsync(read, app.Client, id)), status, code);
    }

    [Fact]
    public async Task A_bad_list_query_names_its_parameter()
    {
        var list = app.Request("GET", "/api/requests?top=1000", token: app.Token());

        var answer = await ExecuteAsync(list, await app.Requests.ListAsync(list, app.Client));

        AssertProblem(answer, StatusCodes.Status400BadRequest, "VALIDATION");
        Assert.Equal("top", answer.Body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    internal static void AssertProblem(Answer answer, int status, string code)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(code, answer.Body.GetProperty("code").GetString());
        Assert.True(answer.Body.TryGetProperty("traceId", out _), "every problem carries a trace id");
    }

    private async Task<Answer> StatusAsync(string id, string token, Func<Answer, bool> until)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        return await Poll.UntilAsync(
            async _ =>
            {
                var read = app.Request("GET", $"/api/requests/{id}", token: token);
                return await ExecuteAsync(read, await app.Requests.GetAsync(read, app.Client, id));
            },
            until,
            deadline.Token);
    }
}
