using System.Globalization;

namespace Streamer.Bench.Common;

/// <summary>Another process's resident memory, CPU time and open-file limit, read from <c>/proc</c> (Linux only; null elsewhere or once it has exited).</summary>
public static class ProcessStats
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux.

    /// <summary>VmRSS of <paramref name="pid"/> in bytes.</summary>
    public static long? ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>VmHWM (peak resident set) of <paramref name="pid"/> in bytes.</summary>
    public static long? PeakResidentBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>User plus system CPU time of <paramref name="pid"/>.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The "Max open files" soft and hard limits of <paramref name="pid"/>, as written in /proc (e.g. "20000/20000").</summary>
    public static string OpenFileLimit(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var parts = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: >= 2 } ? $"{parts[0]}/{parts[1]}" : "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The first process whose command line contains every one of <paramref name="arguments"/> in a row (e.g. Azurite's <c>--queuePort</c> and its port), or null.</summary>
    public static int? FindByCommandLine(params string[] arguments)
    {
        var marker = string.Join('\0', arguments) + "\0";
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    return pid;
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

        return null;
    }

    private static long? StatusKilobytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
