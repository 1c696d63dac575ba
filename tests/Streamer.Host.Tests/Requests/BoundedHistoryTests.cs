using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Streamer.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Streamer.Host.Tests.Requests;

/// <summary>
/// What a request leaves in the task hub (docs/cost.md), read straight from Azurite: its payload is stored once beside the
/// hub and appears in no history row and no large-message blob, the history replay loads is one segment's, and purge
/// deletes the stored payload with the rest. On a host of its own with segments of five chunks.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class BoundedHistoryTests(StreamerAppFixture app, ITestOutputHelper output)
{
    private const int SegmentSize = 5;
    private const int Items = 40;
    private const int BatchSize = 2;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_twenty_chunk_bulk_request_keeps_its_payload_out_of_the_history_and_replays_one_segment()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var hub = StreamerAppFixture.NewTaskHubName();
        var settings = app.SettingsFor(hub);
        settings["Streamer:Chunks:ChunksPerSegment"] = SegmentSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Streamer:SyncThreshold"] = "00:00:01";
        await using var host = StreamerHost.Start(settings);
        using var client = host.CreateClient(app.TokenFor("history-" + Guid.NewGuid().ToString("N")[..8]));

        // A marker in every item: if any step's input carried the payload, the history would hold it.
        var marker = "marker" + Guid.NewGuid().ToString("N");
        var items = Enumerable.Range(0, Items).Select(i => new { id = $"u{i:D3}", email = $"u{i}@example.com", name = $"{marker} {new string('p', 400)}" });
        var requestId = "history-" + Guid.NewGuid().ToString("N");
        using var start = await client.PostAsJsonAsync(
            "api/requests", new { id = requestId, action = "bulk_operation", payload = new { operation = "create", entity_type = "user", items, batch_size = BatchSize } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var instanceId = (await start.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("id").GetString()!;

        var status = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(Items, status.GetProperty("output").GetProperty("succeeded").GetInt32());
        Assert.Equal(Items / BatchSize, status.GetProperty("output").GetProperty("batches").GetInt32());

        var rows = await new TableClient(app.StorageConnectionString, hub + "History")
            .QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: deadline.Token).ToListAsync(deadline.Token);
        var latest = rows.Single(r => r.RowKey == "sentinel").GetString("ExecutionId");
        var replayed = rows.Where(r => r.GetString("ExecutionId") == latest && r.RowKey != "sentinel").ToList();
        var chunkEvents = replayed.Count(r => r.GetString("EventType") == "TaskScheduled" && r.GetString("Name") == "StreamerRunChunk");
        output.WriteLine($"history: {rows.Count} rows stored, {replayed.Count} in the latest execution ({chunkEvents} chunks scheduled), " +
            $"{replayed.Sum(Bytes)} bytes; {rows.Sum(Bytes)} bytes in all");

        Assert.DoesNotContain(rows, r => ((IDictionary<string, object>)r).Values.OfType<string>().Any(v => v.Contains(marker, StringComparison.Ordinal)));
        Assert.Equal(SegmentSize, chunkEvents);
        var largeMessages = new BlobContainerClient(app.StorageConnectionString, hub.ToLowerInvariant() + "-largemessages");
        Assert.False(await largeMessages.ExistsAsync(deadline.Token) && await largeMessages.GetBlobsAsync(new GetBlobsOptions { Prefix = instanceId }, cancellationToken: deadline.Token).AnyAsync(deadline.Token));

        var requestData = new BlobContainerClient(app.StorageConnectionString, hub.ToLowerInvariant() + "-requests");
        var stored = await requestData.GetBlobsAsync(new GetBlobsOptions { Prefix = instanceId + "/" }, cancellationToken: deadline.Token).Select(b => b.Name).ToListAsync(deadline.Token);
        output.WriteLine($"request data: {string.Join(", ", stored)}");
        Assert.Single(stored, name => name.StartsWith(instanceId + "/payload-", StringComparison.Ordinal));

        using var purge = await client.DeleteAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.False(await requestData.GetBlobsAsync(new GetBlobsOptions { Prefix = instanceId + "/" }, cancellationToken: deadline.Token).AnyAsync(deadline.Token));
    }

    private static long Bytes(TableEntity row)
        => ((IDictionary<string, object>)row).Values.Sum(v => v switch
        {
            string s => System.Text.Encoding.UTF8.GetByteCount(s),
            byte[] b => b.Length,
            _ => 8,
        });
}
