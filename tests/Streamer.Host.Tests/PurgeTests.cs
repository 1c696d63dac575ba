using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>
/// <c>DELETE /api/requests/{id}</c> deletes what the request stored, not only its state: the output file behind its
/// download link, and the work blobs of a request that failed or was canceled. Against the real host and Azurite.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class PurgeTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Download = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string NewUser(string purpose) => $"purge-{purpose}-{Guid.NewGuid():N}"[..40];

    [Fact]
    public async Task After_purge_the_download_link_of_a_generated_report_answers_404()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor(NewUser("report")));
        var id = "report-" + Guid.NewGuid().ToString("N");
        var link = await GenerateReportAsync(client, id, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, await DownloadStatusAsync(link, deadline.Token));

        using var purge = await client.DeleteAsync(RequestUri(id), deadline.Token);

        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await DownloadStatusAsync(link, deadline.Token));
        using var status = await client.GetAsync(RequestUri(id), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Purging_request_abc_keeps_the_file_of_request_abc_def()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor(NewUser("prefix")));
        var abc = "abc-" + Guid.NewGuid().ToString("N");
        var abcDef = abc + ".def";
        var abcLink = await GenerateReportAsync(client, abc, deadline.Token);
        var abcDefLink = await GenerateReportAsync(client, abcDef, deadline.Token);

        using var purge = await client.DeleteAsync(RequestUri(abc), deadline.Token);

        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await DownloadStatusAsync(abcLink, deadline.Token));
        Assert.Equal(HttpStatusCode.OK, await DownloadStatusAsync(abcDefLink, deadline.Token));
        using var other = await client.GetAsync(RequestUri(abcDef), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        using var purgeOther = await client.DeleteAsync(RequestUri(abcDef), deadline.Token);
        Assert.Equal(HttpStatusCode.NoContent, purgeOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await DownloadStatusAsync(abcDefLink, deadline.Token));
    }

    [Fact]
    public async Task Purge_is_harmless_to_repeat_also_after_one_that_stopped_once_the_files_were_gone()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = NewUser("twice");
        using var client = app.CreateClient(app.TokenFor(user));
        var id = "twice-" + Guid.NewGuid().ToString("N");
        var link = await GenerateReportAsync(client, id, deadline.Token);

        // A purge that crashed after deleting the request's files and before its rows: the request is still there to purge.
        var request = new ActionRequest(id, "generate_report", new RequestOwner("tenant-a", user));
        foreach (var artifacts in app.Services.GetServices<IRequestArtifacts>())
        {
            await artifacts.DeleteAsync(request, deadline.Token);
        }

        Assert.Equal(HttpStatusCode.NotFound, await DownloadStatusAsync(link, deadline.Token));
        using var stillThere = await client.GetAsync(RequestUri(id), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        using var purge = await client.DeleteAsync(RequestUri(id), deadline.Token);
        using var again = await client.DeleteAsync(RequestUri(id), deadline.Token);

        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
        using var gone = await client.GetAsync(RequestUri(id), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_canceled_requests_work_blobs_survive_the_refused_purge_while_it_runs_and_go_with_the_purge_after()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = NewUser("canceled");
        using var client = app.CreateClient(app.TokenFor(user));
        var id = "canceled-" + Guid.NewGuid().ToString("N");
        var run = GatedTestRegistry.For(id);
        try
        {
            await StartGatedBulkAsync(client, id, failAtGate: false, deadline.Token);
            await run.WhenAsync(1, GatedChunkEvent.Started, deadline.Token);
            var folder = WorkFolder(user, id);
            Assert.NotEmpty(await WorkBlobsAsync(folder, deadline.Token));

            using var refused = await client.DeleteAsync(RequestUri(id), deadline.Token);
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "CONFLICT");
            Assert.NotEmpty(await WorkBlobsAsync(folder, deadline.Token));

            using var cancel = await client.PostAsync(new Uri($"api/requests/{id}/cancel", UriKind.Relative), content: null, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            var ended = await StreamerApi.WaitUntilFinishedAsync(client, id, deadline.Token);
            Assert.Equal("Canceled", ended.GetProperty("runtimeStatus").GetString());
            Assert.NotEmpty(await WorkBlobsAsync(folder, deadline.Token));

            using var purge = await client.DeleteAsync(RequestUri(id), deadline.Token);

            Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
            Assert.Empty(await WorkBlobsAsync(folder, deadline.Token));
        }
        finally
        {
            run.Release(1);
        }
    }

    [Fact]
    public async Task A_failed_requests_work_blobs_are_deleted_by_purge()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = NewUser("failed");
        using var client = app.CreateClient(app.TokenFor(user));
        var id = "failed-" + Guid.NewGuid().ToString("N");
        await StartGatedBulkAsync(client, id, failAtGate: true, deadline.Token);
        var ended = await StreamerApi.WaitUntilFinishedAsync(client, id, deadline.Token);
        Assert.Equal("Failed", ended.GetProperty("runtimeStatus").GetString());
        var folder = WorkFolder(user, id);
        Assert.NotEmpty(await WorkBlobsAsync(folder, deadline.Token));

        using var purge = await client.DeleteAsync(RequestUri(id), deadline.Token);

        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Empty(await WorkBlobsAsync(folder, deadline.Token));
    }

    private static Uri RequestUri(string id) => new($"api/requests/{id}", UriKind.Relative);

    /// <summary>Runs generate_report over the sample data set (every user has it) to completion; returns its download link.</summary>
    private static async Task<Uri> GenerateReportAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        var payload = new { report_type = "monthly", dataset = "sample_sales", date_range = new { start = "2024-01-01", end = "2024-03-31" }, format = "csv" };
        using var start = await client.PostAsJsonAsync("api/requests", new { id, action = "generate_report", payload }, cancellationToken);
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"generate_report answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync(cancellationToken)}");
        var status = await StreamerApi.WaitUntilFinishedAsync(client, id, cancellationToken);
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"generate_report ended {status}");
        return new Uri(status.GetProperty("output").GetProperty("file").GetProperty("url").GetString()!);
    }

    /// <summary>The status a plain client (no credentials of ours) gets for a SAS link.</summary>
    private static async Task<HttpStatusCode> DownloadStatusAsync(Uri link, CancellationToken cancellationToken)
    {
        using var response = await Download.GetAsync(link, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Three users in batches of one: the first batch writes its marker, the second waits (or fails) at the gate.</summary>
    private static async Task StartGatedBulkAsync(HttpClient client, string id, bool failAtGate, CancellationToken cancellationToken)
    {
        var items = Enumerable.Range(0, 3).Select(i => new { id = $"u{i}", email = $"user{i}@example.com", name = $"User {i}" });
        var bulk = new { operation = "create", entity_type = "user", items, batch_size = 1 };
        using var start = await client.PostAsJsonAsync("api/requests", new { id, action = GatedBulkTestAction.ActionName, payload = new { bulk, fail_at_gate = failAtGate } }, cancellationToken);
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"start answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static string WorkFolder(string user, string id) => $"{new RequestOwner("tenant-a", user).Key}/{id}/";

    private async Task<List<string>> WorkBlobsAsync(string folder, CancellationToken cancellationToken)
    {
        var container = new BlobContainerClient(app.StorageConnectionString, app.Services.GetRequiredService<BuiltInStorage>().WorkContainerName);
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, cancellationToken))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
