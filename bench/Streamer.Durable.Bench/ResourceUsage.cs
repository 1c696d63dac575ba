using System.Diagnostics;
using System.Globalization;
using Streamer.Bench.Common;

namespace Streamer.Durable.Bench;

/// <summary>
/// CPU time of this process (the host: DTFx, the shims, the Azure SDK, and the benchmark's few polls) and of the Azurite
/// server, and Azurite's resident memory, read from <c>/proc</c> (Linux; elsewhere Azurite's figures are unknown).
/// Azurite serves every request on one Node.js event loop, so it saturates at about one core.
/// </summary>
internal sealed class ResourceUsage
{
    private readonly int? _azuritePid;

    /// <summary>Finds the Azurite process by the queue port on its command line.</summary>
    public ResourceUsage(int azuriteQueuePort)
        => _azuritePid = ProcessStats.FindByCommandLine("--queuePort", azuriteQueuePort.ToString(CultureInfo.InvariantCulture));

    public (TimeSpan Host, TimeSpan? Azurite) Sample()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, _azuritePid is { } pid ? ProcessStats.CpuTime(pid) : null);
    }

    /// <summary>Azurite's resident set in MiB, when known.</summary>
    public double? AzuriteResidentMegabytes() => _azuritePid is { } pid && ProcessStats.ResidentBytes(pid) is { } bytes ? bytes / 1048576.0 : null;
}

/// <summary>CPU used in a window as a share of one core: the host process, and Azurite (null when unknown).</summary>
internal readonly record struct CpuShare(double Host, double? Azurite)
{
    public static CpuShare Between((TimeSpan Host, TimeSpan? Azurite) before, (TimeSpan Host, TimeSpan? Azurite) after, TimeSpan wall)
        => new(
            (after.Host - before.Host) / wall,
            before.Azurite is { } from && after.Azurite is { } to ? (to - from) / wall : null);
}
