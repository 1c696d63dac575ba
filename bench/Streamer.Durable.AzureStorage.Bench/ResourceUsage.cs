using System.Diagnostics;
using System.Globalization;

namespace Streamer.Durable.AzureStorage.Bench;

/// <summary>
/// CPU time used by this process (the host: engine, worker, Azure SDK) and by the Azurite server,
/// and Azurite's resident memory, read from <c>/proc</c> on Linux (elsewhere Azurite's are unknown). Azurite serves every request on
/// one Node.js event loop, so it saturates at about one core.
/// </summary>
internal sealed class ResourceUsage
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux.
    private readonly string? _azuriteDirectory;

    /// <summary>Finds the Azurite process by the queue port on its command line.</summary>
    public ResourceUsage(int azuriteQueuePort)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"--queuePort\0{azuriteQueuePort}\0");
        if (!Directory.Exists("/proc"))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    _azuriteDirectory = directory;
                    return;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>CPU time so far: this process, and Azurite when it could be read.</summary>
    public (TimeSpan Host, TimeSpan? Azurite) Sample()
    {
        using var self = Process.GetCurrentProcess();
        return (self.TotalProcessorTime, AzuriteCpu());
    }

    /// <summary>Azurite's resident set in MiB, when it could be read.</summary>
    public double? AzuriteResidentMegabytes()
    {
        if (_azuriteDirectory is null)
        {
            return null;
        }

        try
        {
            var line = File.ReadLines(Path.Combine(_azuriteDirectory, "status")).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line["VmRSS:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private TimeSpan? AzuriteCpu()
    {
        if (_azuriteDirectory is null)
        {
            return null;
        }

        try
        {
            // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText(Path.Combine(_azuriteDirectory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
