using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>What purge and retention call for the built-in actions: exactly one request's files and work blobs go, on real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RequestArtifactsTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Download = new();

    private static readonly object JanuaryReport = new { report_type = "monthly", dataset = "sample_sales", date_range = new { start = "2024-01-01", end = "2024-01-31" }, format = "json" };

    [Fact]
    public async Task Deleting_request_abc_deletes_its_file_and_keeps_those_of_abc_def_abc_json_and_abcd()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        var links = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var id in new[] { "abc", "abc.def", "abc.json", "abcd", ".abc" })
        {
            var output = await HandlerRun.RunAsync(handlers.Report, new ActionRequest(id, "generate_report", owner), JanuaryReport);
            links[id] = Link(output);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(links["abc"]));

        await new BuiltInRequestArtifacts(storage).DeleteAsync(new ActionRequest("abc", "generate_report", owner), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(links["abc"]));
        foreach (var kept in new[] { "abc.def", "abc.json", "abcd", ".abc" })
        {
            Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(links[kept]));
        }

        // '.abc' is stored under a hash (it does not start with a letter or digit); deleting it by id finds it there.
        await new BuiltInRequestArtifacts(storage).DeleteAsync(new ActionRequest(".abc", "generate_report", owner), CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(links[".abc"]));
        Assert.Equal(
            [$"{owner.Key}/generate_report/abc.def.json", $"{owner.Key}/generate_report/abc.json.json", $"{owner.Key}/generate_report/abcd.json"],
            await NamesAsync(storage.OutputsContainerName, owner.Key + "/"));
    }

    [Fact]
    public async Task A_request_that_never_finalized_leaves_no_work_blobs_or_uncommitted_blocks_and_its_neighbour_keeps_its_own()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        var users = Enumerable.Range(0, 60).Select(i => new { id = $"u{i:D2}", email = $"user{i}@example.com", name = $"User {i}" }).ToArray();
        var bulk = new { operation = "create", entity_type = "user", items = users, batch_size = 10 };
        var export = new { dataset = "sample_sales", date_range = new { start = "2024-01-01", end = "2024-12-31" } };

        // As a request that failed or was canceled after some chunks: each chunk leaves its marker or its staged blocks, and no finalize cleans up.
        await RunChunksOnlyAsync(handlers.Bulk, new ActionRequest("job", "bulk_operation", owner), bulk);
        await RunChunksOnlyAsync(handlers.Bulk, new ActionRequest("job.2", "bulk_operation", owner), bulk);
        await RunChunksOnlyAsync(handlers.Export, new ActionRequest("job", "export_data", owner), export);
        Assert.Equal(6, (await NamesAsync(storage.WorkContainerName, $"{owner.Key}/job/")).Count);
        Assert.Single(await NamesAsync(storage.OutputsContainerName, $"{owner.Key}/export_data/job.", BlobStates.Uncommitted));

        await new BuiltInRequestArtifacts(storage).DeleteAsync(new ActionRequest("job", "export_data", owner), CancellationToken.None);

        Assert.Empty(await NamesAsync(storage.WorkContainerName, $"{owner.Key}/job/"));
        Assert.Empty(await NamesAsync(storage.OutputsContainerName, owner.Key + "/", BlobStates.Uncommitted));
        Assert.Equal(6, (await NamesAsync(storage.WorkContainerName, $"{owner.Key}/job.2/")).Count);
    }

    [Fact]
    public async Task Deleting_again_or_before_anything_was_written_succeeds_and_creates_nothing()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var artifacts = new BuiltInRequestArtifacts(storage);
        var owner = HandlerRun.NewOwner();
        var request = new ActionRequest("twice", "generate_report", owner);

        await artifacts.DeleteAsync(request, CancellationToken.None);
        Assert.False(await new BlobContainerClient(azurite.ConnectionString, storage.OutputsContainerName).ExistsAsync());
        Assert.False(await new BlobContainerClient(azurite.ConnectionString, storage.WorkContainerName).ExistsAsync());

        var link = Link(await HandlerRun.RunAsync(handlers.Report, request, JanuaryReport));
        await artifacts.DeleteAsync(request, CancellationToken.None);
        await artifacts.DeleteAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(link));
    }

    private static Uri Link(JsonElement output) => new(output.GetProperty("file").GetProperty("url").GetString()!);

    private static async Task<HttpStatusCode> StatusOfAsync(Uri link)
    {
        using var response = await Download.GetAsync(link);
        return response.StatusCode;
    }

    private async Task<List<string>> NamesAsync(string container, string prefix, BlobStates states = BlobStates.None)
    {
        var names = new List<string>();
        await foreach (var item in new BlobContainerClient(azurite.ConnectionString, container).GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, States = states }))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>Validates, plans and runs every chunk, but never finalizes.</summary>
    private static async Task RunChunksOnlyAsync(IActionHandler handler, ActionRequest request, object payload)
    {
        var json = JsonSerializer.SerializeToElement(payload);
        Assert.Empty(handler.Validate(json));
        var shared = new RequestPayload(json);
        var chunks = await handler.PlanAsync(request, shared, CancellationToken.None);
        for (var i = 0; i < chunks.Count; i++)
        {
            await handler.ProcessChunkAsync(shared, chunks[i], new ChunkContext(request, i, chunks.Count, new RecordingReporter()), CancellationToken.None);
        }
    }
}
