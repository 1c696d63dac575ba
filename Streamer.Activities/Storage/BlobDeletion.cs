using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Streamer.Activities.Storage;

/// <summary>Deletes the blobs under a name prefix that a filter accepts, a few at a time; safe to repeat.</summary>
internal static class BlobDeletion
{
    // A large bulk operation leaves one marker per batch: deleting a few at a time keeps the cost linear without
    // flooding the account (or Azurite) with thousands of concurrent calls.
    private const int Parallelism = 8;

    /// <summary>
    /// Deletes every blob named <paramref name="prefix"/>… that <paramref name="belongs"/> accepts, including blobs that
    /// only have uncommitted blocks (a file whose chunks staged blocks but whose request never committed them). A
    /// container that does not exist holds nothing to delete.
    /// </summary>
    public static async Task DeleteAsync(BlobContainerClient container, string prefix, Func<string, bool> belongs, CancellationToken cancellationToken)
    {
        var listing = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, States = BlobStates.Uncommitted }, cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                listing,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    if (belongs(item.Name))
                    {
                        // Gone already (another purge, an overlapping sweep) counts as deleted.
                        await container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: token);
                    }
                });
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // No action of this host has written anything yet.
        }
    }
}
