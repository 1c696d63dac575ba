using System.Globalization;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// Figure 6: start-up of the plain host process (no benchmark hook) to its first <c>202</c> (an echo_async start, retried
/// every 10 ms from the moment the process is started), and its resident memory once that request has finished and
/// the host has sat idle; against the baseline app's start-up to its first 202 and idle memory. Each run on a fresh
/// Azurite, so the host creates its task hub and tables on the way, as on a first deployment.
/// </summary>
internal static class FootprintBenchmark
{
    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        var hostStart = new List<double>();
        var hostListening = new List<double>();
        var hostRss = new List<double>();
        var baselineStart = new List<double>();
        var baselineRss = new List<double>();
        for (var run = 1; run <= settings.FootprintRuns; run++)
        {
            await using var azurite = await AzuriteProcess.StartAsync();
            await using (var host = await StreamerHostProcess.StartAsync(azurite, hooked: false))
            {
                await host.Api.WaitFinishedAsync("startup", [host.FirstRequestId], TimeSpan.FromSeconds(60));
                await Task.Delay(settings.Settle);
                hostStart.Add(host.FirstAcceptedMilliseconds);
                hostListening.Add(host.ListeningMilliseconds);
                hostRss.Add((ProcessStats.ResidentBytes(host.ProcessId) ?? 0) / (1024.0 * 1024));
                report.Raw(string.Create(CultureInfo.InvariantCulture,
                    $"footprint run {run}: host first answer {host.ListeningMilliseconds:F0} ms, first 202 {host.FirstAcceptedMilliseconds:F0} ms, idle RSS {hostRss[^1]:F1} MiB (peak {(ProcessStats.PeakResidentBytes(host.ProcessId) ?? 0) / (1024.0 * 1024):F1}), CPU so far {ProcessStats.CpuTime(host.ProcessId)?.TotalSeconds:F2} s"));
            }

            await using (var baseline = await BaselineServerProcess.StartAsync(azurite))
            {
                await Task.Delay(settings.Settle);
                baselineStart.Add(baseline.FirstAcceptedMilliseconds);
                baselineRss.Add((ProcessStats.ResidentBytes(baseline.ProcessId) ?? 0) / (1024.0 * 1024));
                report.Raw(string.Create(CultureInfo.InvariantCulture, $"footprint run {run}: baseline first 202 {baseline.FirstAcceptedMilliseconds:F0} ms, idle RSS {baselineRss[^1]:F1} MiB"));
            }
        }

        var start = Statistics.Of(hostStart);
        var rss = Statistics.Of(hostRss);
        var bStart = Statistics.Of(baselineStart);
        var bRss = Statistics.Of(baselineRss);
        report.Add(new Figure(
            $"Host start-up: process start → first 202 (median of {settings.FootprintRuns}; first HTTP answer {Statistics.Of(hostListening).Median:F0} ms)",
            "—",
            string.Create(CultureInfo.InvariantCulture, $"{start.Median:F0} ms ({start.Min:F0}–{start.Max:F0})"),
            string.Create(CultureInfo.InvariantCulture, $"{bStart.Median:F0} ms (bare app, creates its queue and table first)"),
            BenchReport.Ratio(start.Median, bStart.Median)));
        report.Add(new Figure(
            "Host idle memory (RSS after the first request, idle)",
            "—",
            string.Create(CultureInfo.InvariantCulture, $"{rss.Median:F1} MiB"),
            string.Create(CultureInfo.InvariantCulture, $"{bRss.Median:F1} MiB (bare app)"),
            BenchReport.Ratio(rss.Median, bRss.Median)));
    }
}
