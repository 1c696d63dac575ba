using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>Finished requests are deleted once past their retention, with the files and work blobs they left; running ones are kept however old.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class RetentionTests(StreamerAppFixture app)
{
    private static readonly HttpClient Download = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Finished_requests_past_retention_are_purged_and_running_ones_are_kept()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:RequestRetention"] = "00:00:01";
        settings["Streamer:RetentionSweepInterval"] = "00:00:01";
        await using var host = StreamerHost.Start(settings, services => services.AddAction<GatedTestAction>());
        using var client = host.CreateClient(app.TokenFor("retention-" + Guid.NewGuid().ToString("N")[..8]));
        var finishedId = "done-" + Guid.NewGuid().ToString("N")[..8];
        var runningId = "running-" + Guid.NewGuid().ToString("N")[..8];

        var start = await client.PostAsJsonAsync("api/requests", new { id = finishedId, action = "echo_async", payload = new { } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var running = await StreamerApi.StartGatedAsync(client, runningId, chunks: 1, deadline.Token);
        await StreamerApi.WaitUntilFinishedAsync(client, finishedId, deadline.Token);

        await Poll.UntilAsync(
            async ct => (await client.GetAsync(new Uri($"api/requests/{finishedId}", UriKind.Relative), ct)).StatusCode,
            status => status == HttpStatusCode.NotFound,
            deadline.Token);

        // Keep reading the running request until it is past retention plus two sweeps: it must stay.
        var keptUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
        await Poll.UntilAsync(
            async ct =>
            {
                var response = await client.GetAsync(new Uri($"api/requests/{runningId}", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                return DateTimeOffset.UtcNow;
            },
            now => now > keptUntil,
            deadline.Token);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        Assert.NotNull(await durable.GetInstanceAsync(running.GetProperty("id").GetString()!, cancellation: deadline.Token));

        GatedTestRegistry.For(runningId).Release(0);
        await StreamerApi.WaitUntilFinishedAsync(client, runningId, deadline.Token);
    }

    [Fact]
    public async Task A_sweep_deletes_a_completed_reports_file_and_a_failed_requests_work_blobs()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // A task hub of its own, so that the sweep below reaches only this test's requests; the host's own sweeper keeps the default 24 h.
        await using var host = StreamerHost.Start(app.SettingsFor(StreamerAppFixture.NewTaskHubName()), services => services.AddAction<GatedBulkTestAction>());
        var user = "retention-" + Guid.NewGuid().ToString("N")[..8];
        using var client = host.CreateClient(app.TokenFor(user));
        var reportId = "report-" + Guid.NewGuid().ToString("N")[..8];
        var failedId = "failed-" + Guid.NewGuid().ToString("N")[..8];

        var report = new { report_type = "quarterly", dataset = "sample_sales", date_range = new { start = "2024-01-01", end = "2024-12-31" }, format = "json" };
        using var startReport = await client.PostAsJsonAsync("api/requests", new { id = reportId, action = "generate_report", payload = report }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, startReport.StatusCode);
        var items = Enumerable.Range(0, 3).Select(i => new { id = $"u{i}", email = $"user{i}@example.com", name = $"User {i}" });
        var failing = new { bulk = new { operation = "create", entity_type = "user", items, batch_size = 1 }, fail_at_gate = true };
        using var startFailing = await client.PostAsJsonAsync("api/requests", new { id = failedId, action = GatedBulkTestAction.ActionName, payload = failing }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, startFailing.StatusCode);
        var completed = await StreamerApi.WaitUntilFinishedAsync(client, reportId, deadline.Token);
        Assert.Equal("Failed", (await StreamerApi.WaitUntilFinishedAsync(client, failedId, deadline.Token)).GetProperty("runtimeStatus").GetString());
        var link = new Uri(completed.GetProperty("output").GetProperty("file").GetProperty("url").GetString()!);
        using (var before = await Download.GetAsync(link, deadline.Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var work = new BlobContainerClient(app.StorageConnectionString, host.Services.GetRequiredService<BuiltInStorage>().WorkContainerName);
        var folder = $"{new RequestOwner("tenant-a", user).Key}/{failedId}/";
        Assert.NotEmpty(await NamesAsync(work, folder, deadline.Token));

        // Every request of this hub was created before now: all are past a retention that ends now.
        var purged = await host.Services.GetRequiredService<RequestRetention>().SweepAsync(host.Services.GetRequiredService<DurableTaskClient>(), DateTimeOffset.UtcNow, deadline.Token);

        Assert.Equal(2, purged);
        using (var after = await Download.GetAsync(link, deadline.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }

        Assert.Empty(await NamesAsync(work, folder, deadline.Token));
        using var gone = await client.GetAsync(new Uri($"api/requests/{reportId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await host.Services.GetRequiredService<RequestRetention>().SweepAsync(host.Services.GetRequiredService<DurableTaskClient>(), DateTimeOffset.UtcNow, deadline.Token));
    }

    [Fact]
    public async Task An_applications_own_artifacts_are_deleted_by_purge_and_sweep_and_one_that_fails_holds_up_no_other()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var host = StreamerHost.Start(app.SettingsFor(StreamerAppFixture.NewTaskHubName()), services => services.AddRequestArtifacts<RecordingRequestArtifacts>());
        var artifacts = host.Services.GetServices<IRequestArtifacts>().OfType<RecordingRequestArtifacts>().Single();
        var user = "artifacts-" + Guid.NewGuid().ToString("N")[..8];
        using var client = host.CreateClient(app.TokenFor(user));
        var purgedId = "purged-" + Guid.NewGuid().ToString("N")[..8];
        var stuckId = "stuck-" + Guid.NewGuid().ToString("N")[..8];
        var sweptId = "swept-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var id in new[] { purgedId, stuckId, sweptId })
        {
            using var start = await client.PostAsJsonAsync("api/requests", new { id, action = "echo_async", payload = new { } }, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            await StreamerApi.WaitUntilFinishedAsync(client, id, deadline.Token);
        }

        using var purge = await client.DeleteAsync(new Uri($"api/requests/{purgedId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Equal(new ActionRequest(purgedId, "echo_async", new RequestOwner("tenant-a", user)), Assert.Single(artifacts.Deleted));

        artifacts.Failing[stuckId] = true;
        var retention = host.Services.GetRequiredService<RequestRetention>();
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        Assert.Equal(1, await retention.SweepAsync(durable, DateTimeOffset.UtcNow, deadline.Token));

        Assert.Contains(artifacts.Deleted, r => r.RequestId == stuckId);
        Assert.Contains(artifacts.Deleted, r => r.RequestId == sweptId);
        using (var swept = await client.GetAsync(new Uri($"api/requests/{sweptId}", UriKind.Relative), deadline.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, swept.StatusCode);
        }

        // Its artifacts could not be deleted, so the request stays where purge and the next sweep find it.
        using (var stuck = await client.GetAsync(new Uri($"api/requests/{stuckId}", UriKind.Relative), deadline.Token))
        {
            Assert.Equal(HttpStatusCode.OK, stuck.StatusCode);
        }

        artifacts.Failing.TryRemove(stuckId, out _);
        Assert.Equal(1, await retention.SweepAsync(durable, DateTimeOffset.UtcNow, deadline.Token));
        using var gone = await client.GetAsync(new Uri($"api/requests/{stuckId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<List<string>> NamesAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
