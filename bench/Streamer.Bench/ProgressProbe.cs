using System.Net;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Report-to-receipt latency of progress messages to one connected user. On the host: <c>requests</c> bench_progress
/// requests at once, each reporting <c>reports</c> times every <c>intervalMs</c> with a new stage each time, so that the
/// publisher sends every report at once (a stage change is never throttled) and every report is a sample. On the
/// baseline: as many loops of bare hub sends to the same kind of client.
/// </summary>
internal static class ProgressProbe
{
    public static async Task<ProbeResult> HostAsync(StreamerApi api, string user, int requests, int reports, int intervalMs)
    {
        await using var receiver = await ProgressReceiver.ConnectHostAsync(api, user);
        var body = StreamerApi.BenchProgressBody(reports, intervalMs, stageEach: true);
        var starts = await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => api.StartAsync(user, body)));
        if (starts.Where(s => s.Status != HttpStatusCode.Accepted).Select(s => s.Status).ToList() is [var status, ..])
        {
            throw new InvalidOperationException($"A bench_progress start answered {(int)status} instead of 202.");
        }

        var expected = requests * reports;
        await receiver.WaitForStampedAsync(expected, TimeSpan.FromMilliseconds((reports * intervalMs) + 30_000));
        return ProbeResult.From(receiver.Received, expected);
    }

    public static async Task<ProbeResult> BaselineAsync(BaselineServerProcess baseline, string user, int requests, int reports, int intervalMs)
    {
        await using var receiver = await ProgressReceiver.ConnectBaselineAsync(baseline.Hub, user);
        await Task.WhenAll(Enumerable.Range(0, requests).Select(_ => baseline.SendAsync(user, reports, intervalMs)));
        var expected = requests * reports;
        await receiver.WaitForStampedAsync(expected, TimeSpan.FromMilliseconds((reports * intervalMs) + 30_000));
        return ProbeResult.From(receiver.Received, expected);
    }
}
