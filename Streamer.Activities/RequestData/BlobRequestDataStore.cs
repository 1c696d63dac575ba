using Azure;
using Azure.Storage.Blobs;
using Streamer.Activities.Storage;

namespace Streamer.Activities.RequestData;

/// <summary>
/// <see cref="IRequestDataStore"/> in one blob container (<c>{hub}-requests</c>), one folder per instance:
/// <c>{instanceId}/{name}</c>. The container is created when first used, once per process.
/// </summary>
public sealed class BlobRequestDataStore : IRequestDataStore
{
    private readonly BlobContainerClient _container;
    private readonly CreateOnce _created;

    /// <summary>Uses <paramref name="container"/>; nothing is contacted until the first call.</summary>
    public BlobRequestDataStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
        _created = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token));
    }

    /// <inheritdoc />
    public async Task WriteAsync(string instanceId, string name, BinaryData content, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await _container.GetBlobClient(Folder(instanceId) + name).UploadAsync(content, overwrite: true, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<BinaryData?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        try
        {
            var download = await _container.GetBlobClient(Folder(instanceId) + name).DownloadContentAsync(cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Instance ids hold no '/', so the folder prefix is exact.</remarks>
    public Task DeleteAllAsync(string instanceId, CancellationToken cancellationToken)
        => BlobDeletion.DeleteAsync(_container, Folder(instanceId), _ => true, cancellationToken);

    private static string Folder(string instanceId) => instanceId + "/";
}
