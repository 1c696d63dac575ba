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
    public async Task Readiness_reports_storage_worker_and_owned_partitions_to_the_system_key()
    {
        using var client = app.CreateManagementClient();
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

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-system-key")]
    public async Task Readiness_without_the_system_key_answers_only_its_status(string? key)
    {
        using var client = app.CreateClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var path = key is null ? "api/health/ready" : "api/health/ready?code=" + key;

        var report = await Poll.UntilAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
                return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(ct));
            },
            answer => answer.StatusCode == HttpStatusCode.OK,
            deadline.Token);

        // No machine name, process id, partition owners or task hub: only what a load balancer needs.
        Assert.Equal(["status"], report.Body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Healthy", report.Body.GetProperty("status").GetString());
    }

    [Fact]
    public void Worker_limits_come_from_host_json_durableTask_section()
    {
        var settings = app.Services.GetRequiredService<AzureStorageTaskHub>().ServiceSettings;

        Assert.Equal(32, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(100, settings.MaxConcurrentTaskOrchestrationWorkItems);
    }
}
