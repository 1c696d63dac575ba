using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Api.Requests;
using Streamer.Functions.Durable;
using Streamer.Functions.Http;
using static Streamer.Functions.Tests.FunctionsApp;

namespace Streamer.Functions.Tests;

/// <summary>The action list, negotiate, health and retention triggers, and what every trigger answers when storage is down.</summary>
public sealed class ApiFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    [Fact]
    public async Task Actions_lists_the_built_in_actions_with_examples()
    {
        var request = app.Request("GET", "/api/actions", token: app.Token());

        var answer = await ExecuteAsync(request, await app.Api.ListActionsAsync(request));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var actions = answer.Body.GetProperty("items").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Contains("echo_async", actions.Keys);
        Assert.Equal(JsonValueKind.Object, actions["generate_report"].GetProperty("example").ValueKind);
    }

    [Fact]
    public async Task Negotiate_without_Azure_SignalR_says_how_to_configure_it()
    {
        var request = app.Request("POST", "/api/negotiate", token: app.Token());

        var answer = await ExecuteAsync(request, await app.Api.NegotiateAsync(request));

        RequestFunctionTests.AssertProblem(answer, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Contains("AzureSignalRConnectionString", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_requires_a_token()
    {
        var request = app.Request("POST", "/api/negotiate");

        RequestFunctionTests.AssertProblem(await ExecuteAsync(request, await app.Api.NegotiateAsync(request)), StatusCodes.Status401Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Health_is_live_and_ready_once_the_request_table_exists()
    {
        var live = app.Request("GET", "/api/health");
        Assert.Equal(StatusCodes.Status200OK, (await ExecuteAsync(live, ApiFunctions.Live(live))).Status);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var report = await Poll.UntilAsync(
            async _ =>
            {
                var ready = app.Request("GET", "/api/health/ready");
                return await ExecuteAsync(ready, await app.Api.ReadyAsync(ready));
            },
            answer => answer.Status == StatusCodes.Status200OK,
            deadline.Token);

        // Anonymous callers get the status alone; the system key shows each check's details.
        Assert.Equal(["status"], report.Body.EnumerateObject().Select(p => p.Name));
        var detailed = app.Request("GET", "/api/health/ready");
        detailed.Headers["x-functions-key"] = FunctionsApp.SystemKey;
        var details = await ExecuteAsync(detailed, await app.Api.ReadyAsync(detailed));
        Assert.Equal(app.TaskHubName, details.Body.GetProperty("checks").GetProperty("requestIndex").GetProperty("data").GetProperty("taskHub").GetString());
    }

    [Fact]
    public async Task The_retention_trigger_purges_finished_requests_past_their_retention()
    {
        var token = app.Token("retention");
        var start = app.Request("POST", "/api/requests", new { action = "echo_async", payload = new { } }, token);
        var id = (await ExecuteAsync(start, await app.Requests.StartAsync(start, app.Client))).Body.GetProperty("requestId").GetString()!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(
            async _ =>
            {
                var read = app.Request("GET", $"/api/requests/{id}", token: token);
                return await ExecuteAsync(read, await app.Requests.GetAsync(read, app.Client, id));
            },
            answer => answer.Status == StatusCodes.Status200OK,
            deadline.Token);

        // A retention of zero makes every finished request due; the function is what the timer calls.
        var retention = new RequestRetention(
            app.Services.GetRequiredService<RequestStore>(),
            app.Services.GetRequiredService<RequestDeletion>(),
            Microsoft.Extensions.Options.Options.Create(new Streamer.Api.Hosting.StreamerOptions { RequestRetention = TimeSpan.Zero }),
            TimeProvider.System,
            NullLogger<RequestRetention>.Instance);
        var purged = await new RetentionFunction(retention).RunAsync(new Microsoft.Azure.Functions.Worker.TimerInfo(), app.Client, CancellationToken.None);

        Assert.True(purged >= 1);
        var gone = app.Request("GET", $"/api/requests/{id}", token: token);
        Assert.Equal(StatusCodes.Status404NotFound, (await ExecuteAsync(gone, await app.Requests.GetAsync(gone, app.Client, id))).Status);
        Assert.Null(await app.Client.GetInstanceAsync(RequestKeys.InstanceId(new("contoso", "retention"), id)));
    }

    [Fact]
    public async Task With_storage_unreachable_the_triggers_answer_503_with_Retry_After()
    {
        // A port nothing listens on: every storage call is refused at once.
        const string refused = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        var invocation = new InvocationContext();
        await using var down = await FunctionsApp.StartAsync(refused, "Down" + Guid.NewGuid().ToString("N")[..8], invocation);
        invocation.InstanceServices = down.Services;
        var token = down.Services.GetRequiredService<Streamer.Api.Auth.DevTokenIssuer>().Issue("contoso", "alice");
        var functions = ActivatorUtilities.CreateInstance<RequestFunctions>(down.Services, NullLogger<RequestFunctions>.Instance);

        await using var scope = down.Services.CreateAsyncScope();
        var request = NewRequest(scope.ServiceProvider, "POST", "/api/requests", new { action = "echo_async", payload = new { } }, token);

        var answer = await ExecuteAsync(request, await functions.StartAsync(request, down.Client));

        RequestFunctionTests.AssertProblem(answer, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.Equal("5", answer.Headers.RetryAfter.ToString());
    }
}
