using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Streamer.Bench;

/// <summary>
/// What one orchestration instance leaves in the task hub, read straight from storage: the rows of <c>{Hub}History</c>
/// whose PartitionKey is its instance id (the sizes of their property values: strings as UTF-8, binary as its length,
/// anything else 8 bytes) and the blobs of <c>{hub}-largemessages</c> under its id, where DTFx puts inputs and history
/// properties too large for a queue message or a table property.
/// </summary>
/// <param name="Rows">History rows of the instance.</param>
/// <param name="ChunkRows">Chunks scheduled in those rows (<c>TaskScheduled</c> of <c>StreamerRunChunk</c>): all of them, or one segment's once the request continues as new.</param>
/// <param name="RowBytes">The sizes of their property values.</param>
/// <param name="TaskCompletedRows">Rows of completed activities (the plan, each chunk, the finalize, the notify).</param>
/// <param name="BlobsByKind">Large-message blobs by the start of their name after the instance id (DTFx's <c>message-…</c>: queue message bodies; <c>history-…</c>: history properties): how many and their bytes.</param>
internal sealed record HistoryFootprint(int Rows, long RowBytes, int TaskCompletedRows, int ChunkRows, IReadOnlyDictionary<string, (int Count, long Bytes)> BlobsByKind)
{
    /// <summary>The task hub the host serves: the hubName of the host.json beside it (Streamer.Functions/host.json), which it reads as Durable Functions does.</summary>
    public static string TaskHub { get; } = ReadTaskHub();

    public int Blobs => BlobsByKind.Values.Sum(b => b.Count);

    public long BlobBytes => BlobsByKind.Values.Sum(b => b.Bytes);

    public long Bytes => RowBytes + BlobBytes;

    public static async Task<HistoryFootprint> ReadAsync(string connectionString, string instanceId)
    {
        var history = new TableServiceClient(connectionString).GetTableClient(TaskHub + "History");
        int rows = 0, completed = 0, chunks = 0;
        long rowBytes = 0;
        await foreach (var row in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}")))
        {
            rows++;
            rowBytes += row.Where(p => p.Key != "odata.etag").Sum(p => ValueBytes(p.Value));
            completed += row.GetString("EventType") == "TaskCompleted" ? 1 : 0;
            chunks += row.GetString("EventType") == "TaskScheduled" && row.GetString("Name") == "StreamerRunChunk" ? 1 : 0;
        }

        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(TaskHub.ToLowerInvariant() + "-largemessages");
        var blobs = new Dictionary<string, (int Count, long Bytes)>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, instanceId, CancellationToken.None))
            {
                var kind = blob.Name[instanceId.Length..].TrimStart('/').Split('-')[0];
                var (count, bytes) = blobs.GetValueOrDefault(kind);
                blobs[kind] = (count + 1, bytes + (blob.Properties.ContentLength ?? 0));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // DTFx creates the container with the first large message; small payloads never need it.
        }

        return new HistoryFootprint(rows, rowBytes, completed, chunks, blobs);
    }

    private static long ValueBytes(object? value) => value switch
    {
        null => 0,
        string text => Encoding.UTF8.GetByteCount(text),
        byte[] bytes => bytes.Length,
        BinaryData data => data.ToMemory().Length,
        _ => 8,
    };

    private static string ReadTaskHub()
    {
        var hostJson = Path.Combine(Path.GetDirectoryName(RepositoryPaths.HostDll)!, "host.json");
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson));
        return document.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString()
            ?? throw new InvalidOperationException($"'{hostJson}' names no task hub.");
    }
}
