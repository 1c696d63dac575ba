using System.Globalization;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Figure 5: N concurrent SignalR connections, opened by a separate client process over loopback (WebSockets with
/// skipNegotiation, straight to the hub URL that <c>POST /api/negotiate</c> hands out, each connection its own user and
/// token), held idle; memory per idle connection = (host after − host before) / N, where each side is read after a
/// forced compacting full GC inside the host; then the progress latency to one more user while all are connected.
/// The same is done against the baseline's bare hub.
/// </summary>
internal static class ConnectionsBenchmark
{
    private const int ProbeRequests = 4;

    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        await using var stage = await Stage.StartAsync();
        var api = stage.Host.Api;
        await api.WaitFinishedAsync("startup", [stage.Host.FirstRequestId], TimeSpan.FromSeconds(60));
        var reports = settings.ProgressReportsPerRequest;
        var host = await MeasureAsync(settings, "host", stage.Host.ProcessId, stage.Host.GcAsync,
            () => ClientsProcess.Start(new Uri(api.BaseAddress, "api/hubs/streamer"), settings.Connections, StreamerHostProcess.SigningKey),
            async () =>
            {
                await api.ResetStorageCountsAsync();
                var probe = await ProgressProbe.HostAsync(api, "probe", ProbeRequests, reports, settings.ProgressIntervalMs);
                report.Raw($"connections host probe: {(await StorageCalls.DescribeAsync(stage, "background")).Line}");
                return probe;
            }, report);
        var baseline = await MeasureAsync(settings, "baseline", stage.Baseline.ProcessId, stage.Baseline.GcAsync,
            () => ClientsProcess.Start(stage.Baseline.Hub, settings.Connections, null),
            () => ProgressProbe.BaselineAsync(stage.Baseline, "probe", ProbeRequests, reports, settings.ProgressIntervalMs), report);

        report.Raw(string.Create(CultureInfo.InvariantCulture,
            $"connections: ulimit -n of the harness {ProcessStats.OpenFileLimit(Environment.ProcessId)}, host {ProcessStats.OpenFileLimit(stage.Host.ProcessId)} (soft/hard; .NET raises the soft limit to the hard one at start); loopback ephemeral ports {File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim().Replace('\t', '–')}"));
        report.Add(new Figure(
            "Concurrent SignalR connections held by one host (separate client process, WebSockets, skipNegotiation)",
            "10,000",
            string.Create(CultureInfo.InvariantCulture, $"{host.Ready.Connected:N0} held, {host.Ready.Failed:N0} failed ({host.Ready.Connected / host.Ready.Seconds:N0} connects/s)"),
            string.Create(CultureInfo.InvariantCulture, $"{baseline.Ready.Connected:N0} held, {baseline.Ready.Failed:N0} failed (bare hub)"),
            "—"));
        report.Add(new Figure(
            "Memory per idle connection (host: managed heap / working set, after a full GC)",
            "≤ 20 KB",
            $"{Kb(host.HeapPerConnection)} / {Kb(host.WorkingSetPerConnection)} KB",
            $"{Kb(baseline.HeapPerConnection)} / {Kb(baseline.WorkingSetPerConnection)} KB (bare hub)",
            $"{BenchReport.Ratio(host.HeapPerConnection, baseline.HeapPerConnection)} / {BenchReport.Ratio(host.WorkingSetPerConnection, baseline.WorkingSetPerConnection)}"));
        report.Add(new Figure(
            string.Create(CultureInfo.InvariantCulture, $"Progress latency to one user with {host.Ready.Connected:N0} connected (p50 / p99 / max)"),
            "—",
            $"{BenchReport.Ms(host.Probe.Latency.P50)} / {BenchReport.Ms(host.Probe.Latency.P99)} / {BenchReport.Ms(host.Probe.Latency.Max)} ms",
            $"{BenchReport.Ms(baseline.Probe.Latency.P50)} / {BenchReport.Ms(baseline.Probe.Latency.P99)} / {BenchReport.Ms(baseline.Probe.Latency.Max)} ms (bare hub)",
            $"{BenchReport.Ratio(host.Probe.Latency.P50, baseline.Probe.Latency.P50)} / {BenchReport.Ratio(host.Probe.Latency.P99, baseline.Probe.Latency.P99)}"));
        report.Verdict(string.Create(CultureInfo.InvariantCulture, $"{settings.Connections:N0} connections held"), host.Ready.Connected, settings.Connections, "connections", atMost: false);
        report.Verdict("memory per idle connection ≤ 20 KB (working set)", host.WorkingSetPerConnection / 1024, 20, "KB");
        report.Verdict("memory per idle connection ≤ 20 KB (managed heap)", host.HeapPerConnection / 1024, 20, "KB");
    }

    private static async Task<ConnectionsResult> MeasureAsync(
        BenchSettings settings, string label, int serverPid, Func<Task<GcSnapshot>> gc, Func<ClientsProcess> startClients, Func<Task<ProbeResult>> probe, BenchReport report)
    {
        await Task.Delay(settings.Settle);
        var rssBefore = ProcessStats.ResidentBytes(serverPid) ?? 0;
        var before = await gc();
        await using var clients = startClients();
        var ready = await clients.WaitReadyAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(settings.Settle);
        var rssAfter = ProcessStats.ResidentBytes(serverPid) ?? 0;
        var clientRss = ProcessStats.ResidentBytes(clients.ProcessId) ?? 0;
        var after = await gc();
        var connected = Math.Max(1, ready.Connected);
        var result = new ConnectionsResult(ready, (after.LiveHeapBytes - before.LiveHeapBytes) / (double)connected, (after.WorkingSetBytes - before.WorkingSetBytes) / (double)connected, await probe());
        await clients.StopAsync();
        report.Raw(string.Create(CultureInfo.InvariantCulture,
            $"connections {label}: {ready.Connected:N0} connected, {ready.Failed:N0} failed in {ready.Seconds:F1} s (client ulimit -n {ready.OpenFileLimit}; first error: {ready.FirstError}); "
            + $"server before: heap {Mb(before.LiveHeapBytes)} MiB, working set {Mb(before.WorkingSetBytes)} MiB (RSS before the forced GC {Mb(rssBefore)}); "
            + $"after: heap {Mb(after.LiveHeapBytes)} MiB, working set {Mb(after.WorkingSetBytes)} MiB (RSS before the forced GC {Mb(rssAfter)}); "
            + $"per connection: heap {Kb(result.HeapPerConnection)} KB, working set {Kb(result.WorkingSetPerConnection)} KB, RSS without forced GC {Kb((rssAfter - rssBefore) / (double)connected)} KB; client process RSS {Mb(clientRss)} MiB; "
            + $"progress latency with all connected: {result.Probe}"));
        return result;
    }

    private static string Kb(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record ConnectionsResult(ClientsReady Ready, double HeapPerConnection, double WorkingSetPerConnection, ProbeResult Probe);
}
