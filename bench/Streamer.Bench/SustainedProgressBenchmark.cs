using System.Diagnostics;
using System.Globalization;
using System.Net;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Figure 2b: sustained progress messages per second from one host. 32 requests (host.json's activity slots, so all
/// run at once) over 4 connected users each report every 10 ms without stage changes, so the publisher throttles each
/// request to its 10 messages/s: the ceiling is 320/s unless storage or the host gives out first. Counted are messages
/// that reached the clients inside a window that starts once every request has delivered its first message.
/// </summary>
internal static class SustainedProgressBenchmark
{
    private const int Users = 4;
    private const int IntervalMs = 10;

    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        await using var stage = await Stage.StartAsync();
        var api = stage.Host.Api;
        var receivers = await Task.WhenAll(Enumerable.Range(0, Users).Select(u => ProgressReceiver.ConnectHostAsync(api, "rate-" + u)));
        try
        {
            // Report long enough to cover the ramp-up (orchestrations planning, up to ~10 s on a loaded Azurite) and the window.
            var reports = (int)((settings.SustainedWindow.TotalMilliseconds + 20_000) / IntervalMs);
            var body = StreamerApi.BenchProgressBody(reports, IntervalMs, stageEach: false);
            var starts = await Task.WhenAll(Enumerable.Range(0, settings.SustainedRequests).Select(i => api.StartAsync("rate-" + (i % Users), body)));
            if (starts.Any(s => s.Status != HttpStatusCode.Accepted))
            {
                throw new InvalidOperationException("A sustained-rate start was not accepted.");
            }

            var rampDeadline = Stopwatch.GetTimestamp() + (15 * Stopwatch.Frequency);
            while (Streams(receivers) < settings.SustainedRequests && Stopwatch.GetTimestamp() < rampDeadline)
            {
                await Task.Delay(50);
            }

            var streams = Streams(receivers);
            var from = Stopwatch.GetTimestamp();
            var hostCpu = ProcessStats.CpuTime(stage.Host.ProcessId);
            var azuriteCpu = stage.AzuriteProcessId is { } azurite ? ProcessStats.CpuTime(azurite) : null;
            await Task.Delay(settings.SustainedWindow);
            var to = Stopwatch.GetTimestamp();
            var seconds = MonotonicClock.Milliseconds(from, to) / 1000;
            var inWindow = receivers.SelectMany(r => r.Received).Where(m => m.ArrivedAt >= from && m.ArrivedAt < to).ToList();
            var rate = inWindow.Count / seconds;
            var hostShare = (ProcessStats.CpuTime(stage.Host.ProcessId) - hostCpu) / TimeSpan.FromSeconds(seconds);
            var azuriteShare = stage.AzuriteProcessId is { } a && azuriteCpu is { } before ? (ProcessStats.CpuTime(a) - before) / TimeSpan.FromSeconds(seconds) : null;
            var latency = LatencySummary.Of(inWindow.Where(m => m.LatencyMilliseconds is not null).Select(m => m.LatencyMilliseconds!.Value));
            report.Raw(string.Create(CultureInfo.InvariantCulture,
                $"sustained progress: {streams} of {settings.SustainedRequests} requests streaming, {inWindow.Count} messages in {seconds:F1} s = {rate:F0}/s ({rate / Math.Max(1, streams):F1}/s per request; throttle cap 10/s per request); CPU host {hostShare:P0}, Azurite {azuriteShare:P0} of one core; report→receipt incl. throttle wait {latency}"));
            report.Add(new Figure(
                $"Sustained progress messages/s per host ({settings.SustainedRequests} requests, {Users} users)",
                "—",
                string.Create(CultureInfo.InvariantCulture, $"{rate:F0}/s ({streams} streams)"),
                string.Create(CultureInfo.InvariantCulture, $"throttle cap {settings.SustainedRequests * 10}/s"),
                string.Create(CultureInfo.InvariantCulture, $"{rate / (settings.SustainedRequests * 10.0):P0} of cap")));
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    private static int Streams(IEnumerable<ProgressReceiver> receivers) => receivers.SelectMany(r => r.Received).Select(m => m.RequestId).Distinct().Count();
}
