using System.Globalization;

namespace Streamer.Durable.FaultHost;

/// <summary>Reads what <see cref="EpisodeLog"/> wrote, for the test to check.</summary>
public static class EpisodeLogReader
{
    /// <summary>Parses a host's log. A line cut short by a kill can only be the last one; it is ignored.</summary>
    /// <exception cref="FormatException">A line other than the last cannot be read, or an END has no BEGIN.</exception>
    public static EpisodeLogContents Read(string path, string hostId)
    {
        var text = File.Exists(path) ? ReadShared(path) : string.Empty;
        var lines = text.Split('\n');
        var intervals = new Dictionary<long, EpisodeInterval>();
        var activities = new List<ActivityLock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var isLast = i == lines.Length - 1; // After the final '\n' (empty), or an unterminated line.
            var parts = lines[i].Split(' ');
            switch (parts)
            {
                case [EpisodeLog.BeginTag, var seq, var instanceId, var begin] when !isLast:
                    intervals.Add(Long(seq), new EpisodeInterval(hostId, Long(seq), instanceId, Long(begin), End: null, Outcome: null));
                    break;
                case [EpisodeLog.EndTag, var seq, var instanceId, var end, var outcome] when !isLast:
                    if (!intervals.TryGetValue(Long(seq), out var open) || open.InstanceId != instanceId || open.End is not null)
                    {
                        throw new FormatException($"{path}:{i + 1}: END without a matching open BEGIN: '{lines[i]}'.");
                    }

                    intervals[open.Sequence] = open with { End = Long(end), Outcome = outcome };
                    break;
                case [EpisodeLog.ActivityTag, var instanceId, var taskId, var at] when !isLast:
                    activities.Add(new ActivityLock(hostId, instanceId, int.Parse(taskId, CultureInfo.InvariantCulture), Long(at)));
                    break;
                case [""]:
                    break;
                default:
                    if (!isLast)
                    {
                        throw new FormatException($"{path}:{i + 1}: unreadable episode log line '{lines[i]}'.");
                    }

                    break;
            }
        }

        return new EpisodeLogContents(hostId, [.. intervals.Values.OrderBy(v => v.Sequence)], activities);
    }

    private static long Long(string value) => long.Parse(value, CultureInfo.InvariantCulture);

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
