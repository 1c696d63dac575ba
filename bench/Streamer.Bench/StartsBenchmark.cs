using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Issue 12 item 6: <see cref="BenchSettings.Starts"/> <c>POST /api/requests</c> of <c>echo_async</c> (four 250 ms steps,
/// the built-in action the issue's observation used) from one client and one user, fired at once from a fresh
/// HttpClient, each on its own connection. Measured from the moment the burst began: each 202, and each request's
/// <c>completed</c> message on one SignalR connection of that user (polling 200 statuses would itself load the host and
/// Azurite), then every status read once to confirm 200. The hook splits each start into waiting to be served
/// (client send → the host's first middleware), served (→ answer written) and the way back (→ the client has the
/// answer), and counts the storage calls of starts and of the orchestrations behind them. Baselines in the same run,
/// on the same Azurite, before the host's burst (so nothing of it runs in the background): the bare app's
/// <c>POST /enqueue</c> fired as many times at once the same way, and the raw storage writes from the harness.
/// </summary>
internal static class StartsBenchmark
{
    private const string User = "starts";
    private const string EchoBody = """{"action":"echo_async","payload":{"hello":"world"}}""";
    private const int Steps = 4;
    private const double StepMilliseconds = 250;

    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        var count = settings.Starts;
        var loadBefore = LoadAverage();
        await using var stage = await Stage.StartAsync();
        var stageStarted = Stopwatch.GetTimestamp();
        var api = stage.Host.Api;
        var threadsAtStart = await api.BenchAsync<ThreadPoolDto>("bench/threads");

        // Raw storage and the bare app first, while the host is idle.
        var raw = await RawStorageBurst.RunAsync(stage.Azurite.ConnectionString, count);
        await stage.Baseline.EnqueueAsync(EchoBody);
        var baseline = await HttpBurst.RunAsync(stage.Baseline.Http.BaseAddress!, count, _ => new HttpRequestMessage(HttpMethod.Post, "enqueue")
        {
            Content = new StringContent(EchoBody, Encoding.UTF8, "application/json"),
        });

        // Warm the host's start and orchestration paths (the stage's first start already ran once).
        var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.StartAsync(User, EchoBody)));
        await api.WaitFinishedAsync(User, warm.Select(w => w.RequestId ?? throw new InvalidOperationException($"A warm-up start answered {w.Status}.")), TimeSpan.FromSeconds(60));
        await using var receiver = await ProgressReceiver.ConnectHostAsync(api, User);
        var threadsBefore = await api.BenchAsync<ThreadPoolDto>("bench/threads");
        await api.ResetStorageCountsAsync();
        stage.Host.ResetWarnings();
        await using var stalls = new AzuriteStallProbe(stage.Azurite.ConnectionString);

        var cpuBefore = Cpu(stage);
        var token = api.TokenFor(User);
        var burst = await HttpBurst.RunAsync(api.BaseAddress, count, _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/requests") { Content = new StringContent(EchoBody, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        });
        var cpuAnswered = Cpu(stage);
        var threadsAfter = await api.BenchAsync<ThreadPoolDto>("bench/threads");
        var ids = burst.Answers.Where(a => a.Status == HttpStatusCode.Accepted).Select(a => RequestId(a.Body)).ToList();

        // Completion: each request's completed message, then one status read each to confirm 200.
        var deadline = Stopwatch.GetTimestamp() + (180 * Stopwatch.Frequency);
        while (receiver.Completed.Keys.Count(ids.Contains) < ids.Count && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }

        var completed = receiver.Completed.Where(c => ids.Contains(c.Key)).ToDictionary();
        var cpuCompleted = Cpu(stage);
        var lastCompleted = completed.Count > 0 ? MonotonicClock.Milliseconds(burst.Began, completed.Values.Max()) : double.NaN;
        await api.WaitFinishedAsync(User, ids, TimeSpan.FromSeconds(120));
        var confirmed = MonotonicClock.Since(burst.Began);
        var (longestStall, slowSeconds, stallSamples) = await stalls.StopAsync();
        var azuriteAge = MonotonicClock.Since(stageStarted);

        var (startCalls, callsPerStart) = await StorageCalls.DescribeAsync(stage, "start");
        var (backgroundCalls, _) = await StorageCalls.DescribeAsync(stage, "background");
        var backgroundTotal = (await api.BenchAsync<List<StorageCalls.StorageCallRowDto>>("bench/storage")).Where(r => r.Flow == "background" && r.Port != 0).Sum(r => r.Count);
        var timings = await api.BenchAsync<List<StartTimingDto>>("bench/starts");
        var loadAfter = LoadAverage();

        var host = LatencySummary.Of(burst.MillisecondsTo(HttpStatusCode.Accepted));
        var bare = LatencySummary.Of(baseline.MillisecondsTo(HttpStatusCode.Accepted));
        var done = completed.Count > 0 ? LatencySummary.Of(completed.Values.Select(t => MonotonicClock.Milliseconds(burst.Began, t))) : null;
        var slots = ActivitySlots();
        var floor = count * Steps * StepMilliseconds / slots;

        report.Raw($"starts: load average before {loadBefore}, after {loadAfter} (1/5/15 min, {Environment.ProcessorCount} cores); host thread pool at start {threadsAtStart}, before the burst {threadsBefore}, after the 202s {threadsAfter}");
        report.Raw($"starts raw storage from the harness, {count} at once: single-entity inserts (one partition) {raw.TableInserts.Latency}, all done {raw.TableInserts.AllDoneMilliseconds:F0} ms; queue puts {raw.QueuePuts.Latency}, all done {raw.QueuePuts.AllDoneMilliseconds:F0} ms; a start's 3 writes in sequence (2-row transaction, instance insert, queue put) {raw.StartSequences.Latency}, all done {raw.StartSequences.AllDoneMilliseconds:F0} ms");
        report.Raw($"starts baseline POST /enqueue × {count} at once (fresh client, a connection each): {baseline.Statuses()}; fired in {baseline.FiringMilliseconds:F1} ms; burst start → 202 {bare}; last answer {baseline.LastAnswerMilliseconds:F0} ms");
        report.Raw($"starts host POST /api/requests echo_async × {count} at once, one user: {burst.Statuses()}; fired in {burst.FiringMilliseconds:F1} ms; burst start → 202 {host}; last answer {burst.LastAnswerMilliseconds:F0} ms");
        report.Raw("starts host split: " + Split(burst, timings));
        report.Raw($"starts host: {startCalls}");
        report.Raw($"starts orchestrations: {backgroundTotal / (double)Math.Max(1, ids.Count):F1} storage calls per request in the background until all completed ({backgroundCalls})");
        report.Raw(string.Create(CultureInfo.InvariantCulture, $"starts completion: {completed.Count} of {ids.Count} completed messages; burst start → completed {done?.ToString() ?? "none"}; all completed {lastCompleted / 1000:F2} s; all {ids.Count} statuses 200 confirmed {confirmed / 1000:F2} s (floor {floor / 1000:F2} s = {count} × {Steps} steps × {StepMilliseconds:F0} ms / {slots} activity slots); Azurite's age at the end {azuriteAge / 1000:F1} s"));
        report.Raw(string.Create(CultureInfo.InvariantCulture, $"starts Azurite responsiveness from the burst to the last status (a queue properties read every 200 ms, {stallSamples} reads): longest answer {longestStall:F0} ms, {slowSeconds:F1} s in answers over 1 s"));
        report.Raw($"starts host warnings and errors logged from the burst to the last status: {stage.Host.Warnings()}");
        report.Raw($"starts CPU (share of one core): until the last 202 {CpuShare(cpuBefore, cpuAnswered, MonotonicClock.Milliseconds(burst.Began, burst.Answers.Max(a => a.Answered)))}; then until all completed {CpuShare(cpuAnswered, cpuCompleted, lastCompleted - burst.LastAnswerMilliseconds)}");

        report.Add(new Figure(
            $"{count} concurrent starts `POST /api/requests` echo_async, one client → each 202 (p50 / p99 / last)",
            "—",
            $"{BenchReport.Ms(host.P50)} / {BenchReport.Ms(host.P99)} / {BenchReport.Ms(burst.LastAnswerMilliseconds)} ms ({callsPerStart:F0} storage calls per start)",
            $"{BenchReport.Ms(bare.P50)} / {BenchReport.Ms(bare.P99)} / {BenchReport.Ms(baseline.LastAnswerMilliseconds)} ms (bare endpoint, one queue put, {count} at once); raw storage, no HTTP: a start's 3 writes {BenchReport.Ms(raw.StartSequences.Latency.P50)} / {BenchReport.Ms(raw.StartSequences.Latency.P99)} / {BenchReport.Ms(raw.StartSequences.AllDoneMilliseconds)} ms",
            $"{BenchReport.Ratio(host.P50, bare.P50)} / {BenchReport.Ratio(host.P99, bare.P99)} / {BenchReport.Ratio(burst.LastAnswerMilliseconds, baseline.LastAnswerMilliseconds)}"));
        report.Add(new Figure(
            $"{count} concurrent starts: burst start → all completed (4 steps of 250 ms each)",
            "—",
            string.Create(CultureInfo.InvariantCulture, $"{lastCompleted / 1000:F2} s (p50 {(done is null ? double.NaN : done.P50 / 1000):F2} s; all 200 confirmed {confirmed / 1000:F2} s)"),
            string.Create(CultureInfo.InvariantCulture, $"{floor / 1000:F2} s floor ({count} × {Steps} × {StepMilliseconds:F0} ms / {slots} activity slots)"),
            BenchReport.Ratio(lastCompleted, floor)));
    }

    private static string RequestId(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("requestId").GetString()!;
    }

    /// <summary>Per start: client send → the hook's middleware (connect, accept, Kestrel, thread pool), → answer written (the host's work), → client has it.</summary>
    private static string Split(BurstResult burst, List<StartTimingDto> timings)
    {
        // Every request is sent within a few ms of the burst's start (the raw line says how long firing took), so
        // times are given from the burst's start rather than paired request by request.
        if (timings.Count == 0)
        {
            return "no timings from the hook";
        }

        var firstEntered = timings.Min(t => t.Entered);
        var lastEntered = timings.Max(t => t.Entered);
        var served = LatencySummary.Of(timings.Select(t => MonotonicClock.Milliseconds(t.Entered, t.Left)));
        var entered = LatencySummary.Of(timings.Select(t => MonotonicClock.Milliseconds(burst.Began, t.Entered)));
        var left = LatencySummary.Of(timings.Select(t => MonotonicClock.Milliseconds(burst.Began, t.Left)));
        var threads = timings.Select(t => t.Threads).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{timings.Count} served; burst start → entered the host's pipeline {entered} (first {MonotonicClock.Milliseconds(burst.Began, firstEntered):F1}, last {MonotonicClock.Milliseconds(burst.Began, lastEntered):F1} ms); "
            + $"in the pipeline (auth, rate limiter, parse, record + instance + queue message) {served}; burst start → answer written {left}; "
            + $"host thread pool at entry {threads.Min()}–{threads.Max()} threads");
    }

    private static (TimeSpan? Host, TimeSpan? Azurite, TimeSpan? Harness) Cpu(Stage stage)
        => (ProcessStats.CpuTime(stage.Host.ProcessId), stage.AzuriteProcessId is { } a ? ProcessStats.CpuTime(a) : null, ProcessStats.CpuTime(Environment.ProcessId));

    private static string CpuShare((TimeSpan? Host, TimeSpan? Azurite, TimeSpan? Harness) before, (TimeSpan? Host, TimeSpan? Azurite, TimeSpan? Harness) after, double milliseconds)
    {
        string Share(TimeSpan? from, TimeSpan? to) => from is { } f && to is { } t && milliseconds > 0 ? ((t - f).TotalMilliseconds / milliseconds * 100).ToString("F0", CultureInfo.InvariantCulture) + " %" : "?";
        return $"host {Share(before.Host, after.Host)}, Azurite {Share(before.Azurite, after.Azurite)}, harness {Share(before.Harness, after.Harness)} over {milliseconds:F0} ms";
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>maxConcurrentActivityFunctions of the host.json the host reads (its output folder).</summary>
    private static int ActivitySlots()
    {
        var path = Path.Combine(Path.GetDirectoryName(RepositoryPaths.HostDll)!, "host.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("maxConcurrentActivityFunctions").GetInt32();
    }

    /// <summary>Streamer.Bench.HostHook's StartTiming.</summary>
    internal sealed record StartTimingDto(long Entered, long Left, int Status, int Threads);

    /// <summary>Streamer.Bench.HostHook's ThreadPoolSnapshot.</summary>
    internal sealed record ThreadPoolDto(int Threads, long Pending, long Completed, int MinWorkers, int MinIo)
    {
        public override string ToString() => $"{Threads} threads ({Pending} queued, min {MinWorkers})";
    }
}
