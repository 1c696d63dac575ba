using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Streamer.Activities.Sdk;
using Streamer.Activities.Storage;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// The work container: what a request's chunks hand to each other (a staged result, per-batch markers), under
/// <c>{ownerKey}/{request}/</c>. Each item is one blob that a retry overwrites; finalize deletes the request's folder,
/// and purge and retention delete it whatever became of the request.
/// </summary>
internal sealed class WorkBlobs
{
    /// <summary>What a streamed item is uploaded and downloaded in: 1 MiB at a time, from pooled buffers.</summary>
    private const int StreamBufferBytes = 1024 * 1024;

    /// <summary>The writes a streamed item's blob stream gets: 64 KiB, under the large-object threshold.</summary>
    private const int WriteBatchBytes = 64 * 1024;

    private readonly BlobContainerClient _container;
    private readonly CreateOnce _created;

    public WorkBlobs(BlobContainerClient container)
    {
        _container = container;
        _created = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token));
    }

    public string ContainerName => _container.Name;

    public async Task WriteAsync<T>(string ownerKey, string requestId, string name, T value, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await Blob(ownerKey, requestId, name).UploadAsync(BinaryData.FromObjectAsJson(value, HandlerJson.Options), overwrite: true, cancellationToken);
    }

    /// <summary>The item, or null when it was never written.</summary>
    public async Task<T?> ReadAsync<T>(string ownerKey, string requestId, string name, CancellationToken cancellationToken)
        where T : class
    {
        await _created.EnsureAsync(cancellationToken);
        try
        {
            var content = await Blob(ownerKey, requestId, name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(HandlerJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes an item as a stream, replacing it: for items too large to build in memory before they are uploaded.</summary>
    public async Task WriteStreamAsync(string ownerKey, string requestId, string name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _created.EnsureAsync(cancellationToken);
        await using var blob = await Blob(ownerKey, requestId, name).OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = StreamBufferBytes }, cancellationToken);

        // The storage client's write stream has a cost per write; hand it 64 KiB at a time.
        await using var stream = new BufferedStream(blob, WriteBatchBytes);
        await write(stream, cancellationToken);
    }

    /// <summary>Opens an item to read as a stream, or null when it was never written.</summary>
    public async Task<Stream?> OpenReadAsync(string ownerKey, string requestId, string name, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        try
        {
            return await Blob(ownerKey, requestId, name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = StreamBufferBytes }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes everything the request left here; safe to repeat. Finalize calls it once a request succeeded; purge and
    /// retention call it for every request (<see cref="BuiltInRequestArtifacts"/>), so failed and canceled ones too.
    /// </summary>
    /// <remarks>The folder ends with '/', which request ids cannot hold, so its prefix is exact: 'abc/' does not match 'abc.def/'.</remarks>
    public Task DeleteAllAsync(string ownerKey, string requestId, CancellationToken cancellationToken)
        => BlobDeletion.DeleteAsync(_container, Folder(ownerKey, requestId), _ => true, cancellationToken);

    private BlobClient Blob(string ownerKey, string requestId, string name) => _container.GetBlobClient(Folder(ownerKey, requestId) + name);

    private static string Folder(string ownerKey, string requestId) => $"{ownerKey}/{BlobSegments.ForRequest(requestId)}/";
}
