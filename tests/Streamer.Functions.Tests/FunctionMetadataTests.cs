using System.Text.Json;

namespace Streamer.Functions.Tests;

/// <summary>
/// What the Functions host will load: the <c>functions.metadata</c>, <c>extensions.json</c> and <c>host.json</c> that the
/// Functions SDK writes when Streamer.Functions builds (the build this test project triggers).
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly string Output = FindOutput();

    public static TheoryData<string, string, string> HttpFunctions => new()
    {
        { "StartRequest", "post", "requests" },
        { "ListRequests", "get", "requests" },
        { "GetRequest", "get", "requests/{id}" },
        { "CancelRequest", "post", "requests/{id}/cancel" },
        { "PurgeRequest", "delete", "requests/{id}" },
        { "ListActions", "get", "actions" },
        { "Negotiate", "post", "negotiate" },
        { "Health", "get", "health" },
        { "HealthReady", "get", "health/ready" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Every_route_is_an_anonymous_http_trigger_with_its_method_and_route(string name, string method, string route)
    {
        var bindings = Bindings(name);

        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        // Callers authenticate with a bearer token that the shared handlers validate, not with a function key.
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Theory]
    [InlineData("StartRequest")]
    [InlineData("ListRequests")]
    [InlineData("GetRequest")]
    [InlineData("CancelRequest")]
    [InlineData("PurgeRequest")]
    [InlineData("SweepRetention")]
    public void Functions_that_reach_the_task_hub_take_a_durable_client(string name)
        => Assert.Single(Bindings(name), b => b.GetProperty("type").GetString() == "durableClient");

    [Fact]
    public void The_request_orchestrator_is_an_orchestration_trigger()
        => Assert.Equal("orchestrationTrigger", Assert.Single(Bindings("StreamerRequest")).GetProperty("type").GetString());

    [Theory]
    [InlineData("StreamerPlanChunks")]
    [InlineData("StreamerLoadChunks")]
    [InlineData("StreamerRunChunk")]
    [InlineData("StreamerSaveResults")]
    [InlineData("StreamerFinalizeRequest")]
    [InlineData("StreamerNotifyOutcome")]
    public void Each_request_activity_is_an_activity_trigger(string name)
        => Assert.Equal("activityTrigger", Assert.Single(Bindings(name)).GetProperty("type").GetString());

    [Fact]
    public void The_retention_sweep_runs_on_a_timer_every_15_minutes()
    {
        var timer = Assert.Single(Bindings("SweepRetention"), b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("0 */15 * * * *", timer.GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_app_has_exactly_these_functions()
    {
        var names = Metadata().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(
            HttpFunctions.Select(row => (string)row[0]).Concat(["StreamerRequest", "StreamerPlanChunks", "StreamerLoadChunks", "StreamerRunChunk", "StreamerSaveResults", "StreamerFinalizeRequest", "StreamerNotifyOutcome", "SweepRetention"])
                .Order(StringComparer.Ordinal),
            names);
        Assert.All(Metadata(), f => Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString()));
    }

    [Fact]
    public void Extensions_json_carries_the_Durable_extension()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "extensions.json")));

        var durable = Assert.Single(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => e.GetProperty("name").GetString() == "DurableTask");
        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.", durable.GetProperty("typeName").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Output, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
    }

    [Fact]
    public void Host_json_is_a_Functions_v2_host_file_with_the_api_route_prefix_and_the_durable_task_hub()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json")));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.True(TimeSpan.TryParse(root.GetProperty("functionTimeout").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("api", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("StreamerHub", root.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("logging").ValueKind);
    }

    [Fact]
    public void Local_settings_example_runs_the_isolated_worker_on_Azurite()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "Streamer.Functions", "local.settings.json.example")));
        var values = settings.RootElement.GetProperty("Values");

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
    }

    private static JsonElement[] Metadata()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")));
        return [.. metadata.RootElement.EnumerateArray().Select(f => f.Clone())];
    }

    private static JsonElement[] Bindings(string function)
        => [.. Assert.Single(Metadata(), f => f.GetProperty("name").GetString() == function).GetProperty("bindings").EnumerateArray()];

    /// <summary>The Functions app's own output folder, in the configuration this test was built in.</summary>
    private static string FindOutput()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepositoryRoot(), "Streamer.Functions", "bin", configuration, "net10.0");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streamer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Streamer.sln not found above " + AppContext.BaseDirectory);
    }
}
