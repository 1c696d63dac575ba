namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>CPU used in a window, as a share of one core: host process and Azurite (null when unknown).</summary>
internal readonly record struct CpuShare(double Host, double? Azurite)
{
    public static CpuShare Between((TimeSpan Host, TimeSpan? Azurite) before, (TimeSpan Host, TimeSpan? Azurite) after, TimeSpan wall)
        => new(
            (after.Host - before.Host) / wall,
            before.Azurite is { } from && after.Azurite is { } to ? (to - from) / wall : null);
}
