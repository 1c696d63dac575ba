namespace Streamer.Bench;

/// <summary>Figure 2a: progress report → receipt by a SignalR client, host against a bare hub send (see <see cref="ProgressProbe"/>).</summary>
internal static class ProgressLatencyBenchmark
{
    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        await using var stage = await Stage.StartAsync();
        await stage.Host.Api.ResetStorageCountsAsync();
        var host = await ProgressProbe.HostAsync(stage.Host.Api, "probe", settings.ProgressRequests, settings.ProgressReportsPerRequest, settings.ProgressIntervalMs);
        var baseline = await ProgressProbe.BaselineAsync(stage.Baseline, "probe", settings.ProgressRequests, settings.ProgressReportsPerRequest, settings.ProgressIntervalMs);
        report.Raw($"progress latency: storage calls outside API requests (orchestrations, activities, progress) while probing: {(await StorageCalls.DescribeAsync(stage, "background")).Line}");
        report.Raw($"progress latency ({settings.ProgressRequests} requests × {settings.ProgressReportsPerRequest} reports every {settings.ProgressIntervalMs} ms, a stage each): host {host}; baseline (bare hub send) {baseline}");
        report.Add(new Figure(
            "Progress report → SignalR client (p50 / p99 / max)",
            "p50 ≤ 10 ms, p99 ≤ 50 ms",
            $"{BenchReport.Ms(host.Latency.P50)} / {BenchReport.Ms(host.Latency.P99)} / {BenchReport.Ms(host.Latency.Max)} ms",
            $"{BenchReport.Ms(baseline.Latency.P50)} / {BenchReport.Ms(baseline.Latency.P99)} / {BenchReport.Ms(baseline.Latency.Max)} ms (bare hub send)",
            $"{BenchReport.Ratio(host.Latency.P50, baseline.Latency.P50)} / {BenchReport.Ratio(host.Latency.P99, baseline.Latency.P99)} / {BenchReport.Ratio(host.Latency.Max, baseline.Latency.Max)}"));
        report.Verdict("progress latency p50 ≤ 10 ms", host.Latency.P50, 10);
        report.Verdict("progress latency p99 ≤ 50 ms", host.Latency.P99, 50);
    }
}
