using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Streamer.Durable.AzureStorage.Payloads;

/// <summary>
/// Keeps payloads too large for a queue message or table property in gzip-compressed blobs, one
/// folder per instance so that purging an instance removes them with it.
/// </summary>
internal sealed class PayloadStore(BlobContainerClient container)
{
    /// <summary>Queue messages are at most 64 KiB; table string properties 32 K UTF-16 characters. Stay well under both.</summary>
    public const int MaxInlineChars = 30 * 1024;

    public async Task<string> StoreAsync(string instanceId, string payload, CancellationToken cancellationToken)
    {
        var name = $"{Uri.EscapeDataString(instanceId)}/{Guid.NewGuid():N}.json.gz";
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(payload), cancellationToken);
        }

        buffer.Position = 0;
        await container.GetBlobClient(name).UploadAsync(buffer, overwrite: true, cancellationToken);
        return name;
    }

    public async Task<string> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var download = await container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(download.Value.Content, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public async Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: $"{Uri.EscapeDataString(instanceId)}/", cancellationToken: cancellationToken))
        {
            try
            {
                await container.DeleteBlobAsync(blob.Name, cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    /// <summary>Returns the payload inline when it is small, otherwise stores it and returns the blob name.</summary>
    public async Task<(string? Inline, string? BlobName)> OffloadIfLargeAsync(string instanceId, string? payload, CancellationToken cancellationToken)
        => payload is null || payload.Length <= MaxInlineChars
            ? (payload, null)
            : (null, await StoreAsync(instanceId, payload, cancellationToken));
}
