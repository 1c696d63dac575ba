using System.Text;

namespace Streamer.Durable.AzureStorage.Partitioning;

/// <summary>Maps an instance id to its control-queue partition with a stable FNV-1a hash, as the Durable Task Azure Storage provider does.</summary>
internal static class PartitionHash
{
    public static int Of(string instanceId, int partitionCount)
    {
        const uint OffsetBasis = 2166136261;
        const uint Prime = 16777619;
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = (hash ^ b) * Prime;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
