using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Streamer.Activities.Storage;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// The outputs container: files the actions produce, one folder per owner (<c>{ownerKey}/{action}/{request}.{ext}</c>).
/// A file is written whole (small outputs) or assembled from per-chunk blocks committed at the end; both overwrite,
/// so a retried chunk or finalize never appends twice. Purge and retention delete a request's files
/// (<see cref="BuiltInRequestArtifacts"/>).
/// </summary>
internal sealed class OutputFiles
{
    /// <summary>How long a download link stays valid.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly CreateOnce _created;

    public OutputFiles(BlobContainerClient container, TimeProvider time)
    {
        _container = container;
        _time = time;
        _created = new CreateOnce(async token => await container.CreateIfNotExistsAsync(cancellationToken: token));
    }

    public string ContainerName => _container.Name;

    public BlockBlobClient Blob(string ownerKey, string action, string requestId, string extension)
        => _container.GetBlockBlobClient(Stem(ownerKey, action, requestId) + extension);

    /// <summary>Deletes the request's files, whatever their extension, and nobody else's; safe to repeat.</summary>
    public Task DeleteAllAsync(string ownerKey, string action, string requestId, CancellationToken cancellationToken)
    {
        // The stem alone is not exact: request 'abc' has 'abc.csv', and request 'abc.def' has 'abc.def.csv', which also
        // starts with 'abc.'. Extensions have no dot, so this request's files are exactly those with none after the stem.
        var stem = Stem(ownerKey, action, requestId);
        return BlobDeletion.DeleteAsync(_container, stem, name => name.AsSpan(stem.Length).IndexOfAny('.', '/') < 0, cancellationToken);
    }

    /// <summary>Stages (or re-stages: same id, same place) one block of a file that is committed later.</summary>
    public async Task StageBlockAsync(BlockBlobClient blob, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        // Read in place, not copied: a block is about a megabyte, and up to four chunks stage theirs at once.
        using var stream = BinaryData.FromBytes(content).ToStream();
        await blob.StageBlockAsync(blockId, stream, cancellationToken: cancellationToken);
    }

    /// <summary>Makes the file exactly these blocks, in this order, and returns a link to it.</summary>
    public async Task<OutputFile> CommitAsync(BlockBlobClient blob, IEnumerable<string> blockIds, string contentType, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { HttpHeaders = Headers(blob, contentType) }, cancellationToken);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        return await DescribeAsync(blob, contentType, properties.Value.ContentLength, cancellationToken);
    }

    /// <summary>Writes the whole file, replacing any earlier version, and returns a link to it.</summary>
    public async Task<OutputFile> UploadAsync(BlockBlobClient blob, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await blob.UploadAsync(content.ToStream(), new BlobUploadOptions { HttpHeaders = Headers(blob, contentType) }, cancellationToken);
        return await DescribeAsync(blob, contentType, content.ToMemory().Length, cancellationToken);
    }

    /// <summary>
    /// A read-only SAS for one blob: signed with the account key when the connection string has one, else (a managed
    /// identity, which has no key) with a user delegation key fetched for the link's lifetime.
    /// </summary>
    private async Task<OutputFile> DescribeAsync(BlockBlobClient blob, string contentType, long size, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var expiresAt = now + LinkLifetime;
        Uri url;
        if (blob.CanGenerateSasUri)
        {
            url = blob.GenerateSasUri(BlobSasPermissions.Read, expiresAt);
        }
        else
        {
            var service = _container.GetParentBlobServiceClient();
            // Started a few minutes back, so that a clock a little ahead of storage's does not make a link not yet valid.
            var key = await service.GetUserDelegationKeyAsync(new BlobGetUserDelegationKeyOptions(expiresAt) { StartsOn = now.AddMinutes(-5) }, cancellationToken);
            var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
            {
                BlobContainerName = _container.Name,
                BlobName = blob.Name,
                Resource = "b",
                StartsOn = now.AddMinutes(-5),
            };
            url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
        }

        return new OutputFile(url, blob.Name, contentType, size, expiresAt);
    }

    /// <summary>A request's file name up to its extension: <c>{ownerKey}/{action}/{request}.</c>.</summary>
    private static string Stem(string ownerKey, string action, string requestId) => $"{ownerKey}/{action}/{BlobSegments.ForRequest(requestId)}.";

    private static BlobHttpHeaders Headers(BlockBlobClient blob, string contentType) => new()
    {
        ContentType = contentType,
        ContentDisposition = $"attachment; filename=\"{Path.GetFileName(blob.Name)}\"",
    };
}
