using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>
/// Issue 18: the peak resident-memory growth of the plain host (no benchmark hook) for each built-in action's largest
/// accepted request, at the limits of <c>Streamer.Activities/BuiltIn/MemoryBudget.cs</c>, and for the requests that went
/// over before those limits (the issue's <c>process_data</c> setting a 10 KB value on 10,000 records, a <c>bulk_operation</c>
/// of 100 chunks that each carry a 1 MB payload), which the budget now refuses with 400. Every case runs
/// on a fresh host: a small request of the same action first (so code loaded and compiled on first use is not counted),
/// then VmRSS is read, the peak (VmHWM) is reset through <c>/proc/{pid}/clear_refs</c>, the request runs to its end, and
/// the growth is VmHWM − that VmRSS. The data sets <c>export_data</c> and <c>generate_report</c> read are written first,
/// through <c>process_data</c> on another host of the same Azurite, so the measured host starts as fresh as the others.
/// </summary>
internal static class MemoryBudgetBenchmark
{
    private const string User = "memory";
    private const double Budget = 100;

    /// <summary>
    /// The stored data set the read-only actions run over: 2,000 records of about 28 KB of fields each (a record holds at
    /// most 30,000 characters), all dated in January 2024, so that one export chunk (a month) meets 56 MB of rows.
    /// </summary>
    private const string BigDataSet = "memory_big";
    private const int BigRecords = 2_000;
    private const int BigRecordsPerSeed = 500;
    private const int BigBlobCharacters = 28_000;

    public static async Task RunAsync(BenchReport report)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await SeedAsync(azurite, report);
        foreach (var (name, warmUp, body) in Cases())
        {
            await using var host = await StreamerHostProcess.StartAsync(azurite, hooked: false);
            await host.Api.WaitFinishedAsync("startup", [host.FirstRequestId], TimeSpan.FromSeconds(60));
            var warm = await RunOneAsync(host, warmUp);
            if (warm.Outcome != "Completed")
            {
                throw new InvalidOperationException($"{name}: the warm-up ended {warm.Outcome}: {warm.Detail}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = ProcessStats.ResidentBytes(host.ProcessId) ?? 0;
            var reset = ResetPeak(host.ProcessId);
            var run = await RunOneAsync(host, body);
            var peak = ProcessStats.PeakResidentBytes(host.ProcessId) ?? 0;
            var growth = (peak - before) / (1024.0 * 1024);
            var payloadKb = Encoding.UTF8.GetByteCount(body) / 1024.0;
            var measured = run.Outcome == "Completed"
                ? string.Create(CultureInfo.InvariantCulture, $"{growth:F0} MiB peak growth, {run.Seconds:F1} s")
                : string.Create(CultureInfo.InvariantCulture, $"{run.Outcome} ({growth:F0} MiB, {run.Seconds:F1} s)");
            report.Add(new Figure($"memory: {name} ({payloadKb:F0} KB body)", "≤ 100 MiB", measured, "—", "—"));
            if (run.Outcome == "Completed")
            {
                report.Verdict($"memory: {name}: peak RSS growth", growth, Budget, "MiB");
            }

            report.Raw(string.Create(CultureInfo.InvariantCulture,
                $"memory {name}: {run.Outcome} in {run.Seconds:F1} s; RSS before {before / 1048576.0:F1} MiB, peak {peak / 1048576.0:F1} MiB{(reset ? string.Empty : " (peak not reset: includes start-up)")}; {run.Detail}"));
        }
    }

    /// <summary>Each case: its name, a small request of the same action, and the request measured.</summary>
    private static IEnumerable<(string Name, string WarmUp, string Body)> Cases()
    {
        var megabyte = new string('x', 1_040_000);
        yield return ("echo, a 1 MB payload", Start("echo", new { hello = "world" }), Start("echo", new { data = megabyte }));
        yield return ("echo_async, a 1 MB payload", Start("echo_async", new { hello = "world" }), Start("echo_async", new { data = megabyte }));

        // 24 chunks of 100 items, each chunk's input carrying the whole 1.03 MB payload: just under bulk_operation's 24 MiB.
        yield return ("bulk_operation, 2,400 creates of 428 bytes in 24 chunks", Start("bulk_operation", Products(10, 390)), Start("bulk_operation", Products(2_400, 390)));
        yield return ("bulk_operation, 10,000 creates of 96 bytes in 100 chunks (96 MB of chunk inputs)", Start("bulk_operation", Products(10, 60)), Start("bulk_operation", Products(10_000, 60)));

        // 10,000 rows of about 6,650 bytes of JSON each: just under process_data's 64 MiB of output.
        yield return ("process_data, set 6.6 KB on 10,000 records (64 MiB output)", Start("process_data", SetValue(10, 10)), Start("process_data", SetValue(10_000, 6_600)));
        yield return ("process_data, the issue's set 10 KB on 10,000 records (100 MB output)", Start("process_data", SetValue(10, 10)), Start("process_data", SetValue(10_000, 10_000)));
        yield return ("export_data, 366 days of a 56 MB data set (2,000 rows of 28 KB in one month)", Start("export_data", Export("sample_sales")), Start("export_data", Export(BigDataSet)));
        yield return ("generate_report, 366 one-day periods of the same data set", Start("generate_report", Report("sample_sales")), Start("generate_report", Report(BigDataSet)));
    }

    private static string Start(string action, object payload) => JsonSerializer.Serialize(new { action, payload });

    private static object Products(int count, int nameCharacters) => new
    {
        operation = "create",
        entity_type = "product",
        batch_size = 100,
        items = Enumerable.Range(0, count).Select(i => new Dictionary<string, object>
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"p{i:D5}"),
            ["name"] = new string('n', nameCharacters),
            ["price"] = 1.5,
        }),
    };

    private static object SetValue(int records, int valueCharacters) => new
    {
        records = Enumerable.Range(0, records).Select(i => new { id = string.Create(CultureInfo.InvariantCulture, $"r{i:D5}"), date = "2024-01-01" }),
        pipeline = new object[] { new { type = "transform", field = "blob", op = "set", value = new string('v', valueCharacters) } },
        format = "json",
    };

    private static object Export(string dataSet) => new { dataset = dataSet, date_range = new { start = "2024-01-01", end = "2024-12-31" }, format = "csv" };

    private static object Report(string dataSet) => new
    {
        report_type = "custom",
        period_days = 1,
        dataset = dataSet,
        date_range = new { start = "2024-01-01", end = "2024-12-31" },
        value_field = "amount",
        format = "json",
    };

    /// <summary>Writes <see cref="BigDataSet"/> through process_data, 500 records a request (each within the budget), on a host of its own.</summary>
    private static async Task SeedAsync(AzuriteProcess azurite, BenchReport report)
    {
        var started = Stopwatch.GetTimestamp();
        await using var host = await StreamerHostProcess.StartAsync(azurite, hooked: false);
        for (var first = 0; first < BigRecords; first += BigRecordsPerSeed)
        {
            var payload = new
            {
                records = Enumerable.Range(first, BigRecordsPerSeed).Select(i => new { id = string.Create(CultureInfo.InvariantCulture, $"b{i:D5}"), date = $"2024-01-{(i % 31) + 1:D2}", amount = i }),
                pipeline = new object[] { new { type = "transform", field = "blob", op = "set", value = new string('b', BigBlobCharacters) } },
                output_dataset = BigDataSet,
                format = "csv",
            };
            var run = await RunOneAsync(host, Start("process_data", payload));
            if (run.Outcome != "Completed")
            {
                throw new InvalidOperationException($"Seeding {BigDataSet} ended {run.Outcome}: {run.Detail}");
            }
        }

        report.Raw(string.Create(CultureInfo.InvariantCulture, $"memory: seeded {BigDataSet} ({BigRecords} records of {BigBlobCharacters} characters) in {MonotonicClock.Since(started) / 1000:F1} s"));
    }

    /// <summary>Starts one request and waits for its end: the outcome (runtime status, or the HTTP status of a refusal), seconds from the start's send, and a detail.</summary>
    private static async Task<(string Outcome, double Seconds, string Detail)> RunOneAsync(StreamerHostProcess host, string body)
    {
        using var http = new HttpClient { BaseAddress = host.Api.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Api.TokenFor(User));
        var started = Stopwatch.GetTimestamp();
        using var answer = await http.PostAsync("api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            return ("Completed", MonotonicClock.Since(started) / 1000, "200 (sync)");
        }

        if (answer.StatusCode != HttpStatusCode.Accepted)
        {
            return ($"refused {(int)answer.StatusCode}", MonotonicClock.Since(started) / 1000, Shorten(text));
        }

        var id = JsonDocument.Parse(text).RootElement.GetProperty("requestId").GetString()!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (true)
        {
            await Task.Delay(100, deadline.Token);
            using var status = await http.GetAsync("api/requests/" + Uri.EscapeDataString(id), deadline.Token);
            if (status.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var seconds = MonotonicClock.Since(started) / 1000;
            using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(deadline.Token));
            var root = json.RootElement;
            var outcome = root.GetProperty("runtimeStatus").GetString() ?? "?";
            var detail = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? error.GetRawText() : OutputSummary(root);
            return (outcome, seconds, Shorten(detail));
        }
    }

    private static string OutputSummary(JsonElement status)
    {
        if (!status.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object)
        {
            return "no output";
        }

        var parts = new List<string>();
        foreach (var name in new[] { "rows", "output_count", "succeeded", "periods" })
        {
            if (output.TryGetProperty(name, out var value))
            {
                parts.Add(value.ValueKind == JsonValueKind.Array ? $"{name} {value.GetArrayLength()}" : $"{name} {value.GetRawText()}");
            }
        }

        if (output.TryGetProperty("file", out var file) && file.TryGetProperty("size", out var size))
        {
            parts.Add($"file {size.GetInt64() / 1048576.0:F1} MiB");
        }

        return parts.Count == 0 ? "completed" : string.Join(", ", parts);
    }

    /// <summary>Resets the process's VmHWM to its current RSS (Linux 4.0+, writing 5 to clear_refs); false where that is not allowed.</summary>
    private static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
}
