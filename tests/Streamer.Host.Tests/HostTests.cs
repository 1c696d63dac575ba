using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streamer.Durable.TaskHub;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

[Collection(StreamerAppCollection.Name)]
public sealed class HostTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Health_endpoint_answers_healthy()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_reports_storage_worker_and_owned_partitions()
    {
        using var client = app.CreateClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The fixture's host is the only one on its task hub, so it comes to own every partition (leases are taken
        // in the background after start, hence the poll).
        var taskHub = await Poll.UntilAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("api/health/ready", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var report = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                Assert.Equal("Healthy", report.GetProperty("status").GetString());
                return report.GetProperty("checks").GetProperty("taskHub");
            },
            check => check.GetProperty("data").GetProperty("ownedPartitions").GetArrayLength() == 4,
            deadline.Token);

        Assert.Equal(app.TaskHubName, taskHub.GetProperty("data").GetProperty("taskHub").GetString());
        Assert.Equal([0, 1, 2, 3], taskHub.GetProperty("data").GetProperty("ownedPartitions").EnumerateArray().Select(p => p.GetInt32()));
    }

    [Fact]
    public void Worker_limits_come_from_host_json_durableTask_section()
    {
        var settings = app.Services.GetRequiredService<AzureStorageTaskHub>().ServiceSettings;

        Assert.Equal(32, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(100, settings.MaxConcurrentTaskOrchestrationWorkItems);
    }
}
