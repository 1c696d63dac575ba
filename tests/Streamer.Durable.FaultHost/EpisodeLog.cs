using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Streamer.Durable.FaultHost;

/// <summary>
/// Appends one line per event to a host's episode log, flushed to the operating system at once so
/// that a host killed with SIGKILL leaves everything it logged. An orchestration work item writes a
/// <c>BEGIN</c> line when its lock is acquired and an <c>END</c> line when it is released, so a killed
/// host leaves open intervals. Timestamps are <see cref="Stopwatch.GetTimestamp"/> ticks: the
/// system-wide monotonic clock on Linux, comparable between processes on one machine.
/// </summary>
/// <remarks>Line formats: <c>BEGIN seq instanceId timestamp</c>, <c>END seq instanceId timestamp outcome</c>, <c>ACTIVITY instanceId taskId timestamp</c>.</remarks>
public sealed class EpisodeLog : IDisposable
{
    public const string BeginTag = "BEGIN";
    public const string EndTag = "END";
    public const string ActivityTag = "ACTIVITY";

    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private long _sequence;

    public EpisodeLog(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }

    /// <summary>Records that this host locked <paramref name="instanceId"/>; returns the interval's sequence number for <see cref="End"/>.</summary>
    public long Begin(string instanceId)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            Write(string.Create(CultureInfo.InvariantCulture, $"{BeginTag} {sequence} {instanceId} {Stopwatch.GetTimestamp()}"));
            return sequence;
        }
    }

    /// <summary>Records that this host released the lock of interval <paramref name="sequence"/>.</summary>
    public void End(long sequence, string instanceId, string outcome)
    {
        lock (_gate)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"{EndTag} {sequence} {instanceId} {Stopwatch.GetTimestamp()} {outcome}"));
        }
    }

    /// <summary>Records that this host locked activity <paramref name="taskId"/> of <paramref name="instanceId"/>.</summary>
    public void Activity(string instanceId, int taskId)
    {
        lock (_gate)
        {
            Write(string.Create(CultureInfo.InvariantCulture, $"{ActivityTag} {instanceId} {taskId} {Stopwatch.GetTimestamp()}"));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line) => _writer.Write(line + "\n");
}
