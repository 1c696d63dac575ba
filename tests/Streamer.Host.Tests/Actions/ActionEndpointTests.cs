using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Activities.Sdk;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Actions;

/// <summary><c>GET /api/actions</c>: the catalog as the caller's token allows it, with examples that work as they are.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class ActionEndpointTests(StreamerAppFixture app)
{
    private static readonly string[] BuiltIns = ["bulk_operation", "echo", "echo_async", "export_data", "generate_report", "process_data"];

    private static string NewUser(string purpose) => $"actions-{purpose}-{Guid.NewGuid():N}"[..36];

    [Fact]
    public async Task Lists_every_action_sorted_with_its_example_and_whether_the_example_runs_async()
    {
        using var client = app.CreateClient(app.TokenFor(NewUser("all")));

        var items = await ListAsync(client);

        var names = items.Select(i => i.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Superset(BuiltIns.ToHashSet(), names.ToHashSet());
        var byName = items.ToDictionary(i => i.GetProperty("name").GetString()!);
        foreach (var name in BuiltIns)
        {
            Assert.Equal(JsonValueKind.Object, byName[name].GetProperty("example").ValueKind);
        }

        Assert.False(byName["echo"].GetProperty("runsAsync").GetBoolean());
        Assert.False(byName["bulk_operation"].GetProperty("runsAsync").GetBoolean());
        Assert.True(byName["echo_async"].GetProperty("runsAsync").GetBoolean());
        Assert.True(byName["generate_report"].GetProperty("runsAsync").GetBoolean());

        // An action without an example says so, and cannot say how it will run.
        Assert.Equal(JsonValueKind.Null, byName[GatedTestAction.ActionName].GetProperty("example").ValueKind);
        Assert.Equal(JsonValueKind.Null, byName[GatedTestAction.ActionName].GetProperty("runsAsync").ValueKind);
    }

    [Fact]
    public async Task Lists_only_the_actions_the_token_permits()
    {
        using var client = app.CreateClient(app.TokenFor(NewUser("some"), permissions: ["actions:echo", "actions:export_data", "reports:read"]));

        var items = await ListAsync(client);

        Assert.Equal(["echo", "export_data"], items.Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_token_without_action_permissions_lists_none()
    {
        using var client = app.CreateClient(app.TokenFor(NewUser("none"), permissions: ["reports:read"]));

        Assert.Empty(await ListAsync(client));
    }

    [Fact]
    public async Task Without_a_token_answers_401_UNAUTHORIZED()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("api/actions", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public void Every_built_in_example_passes_its_handlers_validation()
    {
        var catalog = app.Services.GetRequiredService<ActionCatalog>();
        foreach (var name in BuiltIns)
        {
            var handler = catalog.Find(name)!;
            Assert.True(handler.Example.HasValue, $"{name} has no example");
            Assert.Empty(handler.Validate(handler.Example.Value));
        }
    }

    [Fact]
    public async Task Every_built_in_example_runs_as_it_is_on_fresh_storage_for_a_new_user()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var lister = app.CreateClient(app.TokenFor(NewUser("list")));
        string[] builtIn = ["echo", "echo_async", "bulk_operation", "process_data", "generate_report", "export_data"];
        var examples = (await ListAsync(lister))
            .Where(i => builtIn.Contains(i.GetProperty("name").GetString()))
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("example"));
        Assert.Equal(builtIn.Order(), examples.Keys.Order());

        // Each example alone, for a user with no data of their own: none may depend on another having run first.
        await Task.WhenAll(examples.Select(async example =>
        {
            using var client = app.CreateClient(app.TokenFor(NewUser("fresh")));
            var body = $"{{\"action\":\"{example.Key}\",\"payload\":{example.Value.GetRawText()}}}";
            using var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), deadline.Token);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.True(answer.GetProperty("success").GetBoolean(), $"{example.Key}: {answer}");
                return;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{example.Key} answered {(int)response.StatusCode}: {answer}");
            var status = await StreamerApi.WaitUntilFinishedAsync(client, answer.GetProperty("requestId").GetString()!, deadline.Token);
            Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"{example.Key}: {status}");
        }));
    }

    [Fact]
    public async Task A_report_on_a_data_set_the_user_does_not_have_says_how_to_get_one()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = app.CreateClient(app.TokenFor(NewUser("nodata")));
        var payload = new { report_type = "monthly", dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-03-31" } };

        using var response = await client.PostAsJsonAsync("api/requests", new { action = "generate_report", payload }, deadline.Token);
        var status = await StreamerApi.WaitUntilFinishedAsync(client, (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("requestId").GetString()!, deadline.Token);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("VALIDATION", status.GetProperty("error").GetProperty("code").GetString());
        var message = status.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("process_data", message, StringComparison.Ordinal);
        Assert.Contains("sample_sales", message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("api/actions", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/actions answered {(int)response.StatusCode}: {text}");
        return [.. JsonSerializer.Deserialize<JsonElement>(text).GetProperty("items").EnumerateArray()];
    }
}
