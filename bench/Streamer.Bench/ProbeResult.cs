using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>What a <see cref="ProgressProbe"/> saw: latency of the stamped messages, how many arrived of how many reported.</summary>
internal sealed record ProbeResult(LatencySummary Latency, int Delivered, int Expected)
{
    public static ProbeResult From(IReadOnlyList<ReceivedProgress> received, int expected)
    {
        var stamped = received.Where(r => r.LatencyMilliseconds is not null).Select(r => r.LatencyMilliseconds!.Value).ToList();
        return new ProbeResult(LatencySummary.Of(stamped), stamped.Count, expected);
    }

    public override string ToString() => $"{Latency}, {Delivered} of {Expected} reports delivered";
}
