using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Azure.Data.Tables;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Activities.Sdk;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>The storage-backed built-in actions end to end: HTTP, the durable engine on Azurite, SignalR, Blob downloads.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class BuiltInActionTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Download = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string NewUser(string purpose) => $"builtin-{purpose}-{Guid.NewGuid():N}"[..40];

    /// <summary>Sales rows over January–March 2024; notes with commas, quotes and line breaks test CSV quoting.</summary>
    private static List<Dictionary<string, object>> SalesRecords(int count) => [.. Enumerable.Range(0, count).Select(i => new Dictionary<string, object>
    {
        ["id"] = $"sale-{i:D4}",
        ["date"] = new DateOnly(2024, 1, 1).AddDays(i * 7 % 91).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["region"] = (i % 3) switch { 0 => "north", 1 => "south", _ => "west" },
        ["amount"] = (i % 9) + 0.25,
        ["note"] = (i % 4) switch { 0 => "plain", 1 => "with, comma", 2 => "say \"hi\"", _ => "two\nlines" },
    })];

    [Fact]
    public async Task Generate_report_answers_202_streams_ordered_progress_then_completed_and_status_has_the_same_output()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var token = app.TokenFor(NewUser("report"));
        using var client = app.CreateClient(token);
        var seeded = await RunToCompletionAsync(client, "process_data", new { records = SalesRecords(120), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" }, deadline.Token);
        Assert.Equal("Completed", seeded.GetProperty("runtimeStatus").GetString());

        await using var hub = app.CreateHubConnection(token);
        var messages = Channel.CreateUnbounded<(string Method, JsonElement Body)>();
        hub.On<JsonElement>("progress", m => { messages.Writer.TryWrite(("progress", m)); });
        hub.On<JsonElement>("completed", m => { messages.Writer.TryWrite(("completed", m)); });
        hub.On<JsonElement>("failed", m => { messages.Writer.TryWrite(("failed", m)); });
        await hub.StartAsync(deadline.Token);

        var response = await client.PostAsJsonAsync(
            "api/requests",
            new { action = "generate_report", payload = new { report_type = "monthly", dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-06-30" }, value_field = "amount" } },
            deadline.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        var requestId = (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("requestId").GetString()!;
        var sequences = new List<long>();
        var percentages = new List<double>();
        JsonElement completed;
        while (true)
        {
            var (method, body) = await messages.Reader.ReadAsync(deadline.Token);
            if (body.GetProperty("requestId").GetString() != requestId)
            {
                continue;
            }

            Assert.NotEqual("failed", method);
            if (method == "completed")
            {
                completed = body;
                break;
            }

            sequences.Add(body.GetProperty("sequence").GetInt64());
            percentages.Add(body.GetProperty("percentage").GetDouble());
        }

        Assert.True(sequences.Count >= 2, $"expected several progress messages, got {sequences.Count}");
        Assert.All(sequences.Zip(sequences.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"sequence went {pair.First} → {pair.Second}"));
        Assert.All(percentages.Zip(percentages.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"percentage went {pair.First} → {pair.Second}"));
        Assert.Equal(100, percentages[^1]);

        var output = completed.GetProperty("output");
        var periods = output.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"], periods.Select(p => p.GetProperty("label").GetString()));
        Assert.Equal(120, output.GetProperty("totals").GetProperty("count").GetInt32());
        Assert.Equal(0, periods[3].GetProperty("count").GetInt32());
        var expectedJanuary = SalesRecords(120).Where(r => ((string)r["date"]).StartsWith("2024-01", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedJanuary.Count, periods[0].GetProperty("count").GetInt32());
        Assert.Equal(expectedJanuary.Sum(r => (decimal)(double)r["amount"]), periods[0].GetProperty("sum").GetDecimal());

        var status = await PollUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(output.GetRawText(), status.GetProperty("output").GetRawText());
        var report = JsonDocument.Parse(await DownloadAsync(output, deadline.Token)).RootElement;
        Assert.Equal(6, report.GetProperty("periods").GetArrayLength());
    }

    [Fact]
    public async Task Process_data_then_export_data_round_trips_the_rows_into_a_downloadable_csv()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor(NewUser("export")));
        var records = SalesRecords(250);

        var processed = await RunToCompletionAsync(client, "process_data", new
        {
            records,
            pipeline = new object[]
            {
                new { type = "filter", field = "amount", op = "gte", value = 2 },
                new { type = "transform", field = "region", op = "uppercase" },
            },
            output_dataset = "orders",
            format = "csv",
        }, deadline.Token);
        var exported = await RunToCompletionAsync(client, "export_data", new { dataset = "orders", date_range = new { start = "2024-01-01", end = "2024-03-31" } }, deadline.Token);

        Assert.Equal("Completed", processed.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Completed", exported.GetProperty("runtimeStatus").GetString());
        var expected = records
            .Where(r => (double)r["amount"] >= 2)
            .OrderBy(r => (string)r["date"], StringComparer.Ordinal).ThenBy(r => (string)r["id"], StringComparer.Ordinal)
            .Select(r => new[] { (string)r["id"], (string)r["date"], ((string)r["region"]).ToUpperInvariant(), ((double)r["amount"]).ToString(CultureInfo.InvariantCulture), (string)r["note"] })
            .ToList();
        Assert.Equal(expected.Count, processed.GetProperty("output").GetProperty("output_count").GetInt32());
        var output = exported.GetProperty("output");
        Assert.Equal(expected.Count, output.GetProperty("rows").GetInt32());
        var csv = ParseCsv(await DownloadAsync(output, deadline.Token));
        Assert.Equal(["id", "date", "region", "amount", "note"], csv[0]);
        Assert.Equal(expected, csv.Skip(1).ToList());
        var expiresAt = output.GetProperty("file").GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.5), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Bulk_operation_creates_then_updates_reporting_a_missing_id_then_deletes()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = NewUser("bulk");
        using var client = app.CreateClient(app.TokenFor(user));
        var entities = new TableClient(app.StorageConnectionString, app.TaskHubName + "Entities");
        var partition = new RequestOwner("tenant-a", user).Key + "|user";
        var users = Enumerable.Range(0, 120).Select(i => new { id = $"u{i:D3}", email = $"user{i}@example.com", name = $"User {i}" }).ToArray();

        var created = await RunToCompletionAsync(client, "bulk_operation", new { operation = "create", entity_type = "user", items = users, batch_size = 25 }, deadline.Token);
        var (updateStatus, updated) = await StartAsync(client, "bulk_operation", new
        {
            operation = "update",
            entity_type = "user",
            items = new object[] { new { id = "u001", name = "Renamed" }, new { id = "nobody", name = "Ghost" }, new { id = "u002", vip = true } },
        }, deadline.Token);
        var deleted = await RunToCompletionAsync(client, "bulk_operation", new { operation = "delete", entity_type = "user", items = users.Select(u => new { u.id }), batch_size = 50 }, deadline.Token);

        var createOutput = created.GetProperty("output");
        Assert.Equal((120, 0, 5), (createOutput.GetProperty("succeeded").GetInt32(), createOutput.GetProperty("failed").GetInt32(), createOutput.GetProperty("batches").GetInt32()));

        // Three items are quick enough to run inline: 200 with the result, no orchestration.
        Assert.True(updateStatus == HttpStatusCode.OK, $"update answered {(int)updateStatus}: {updated}");
        Assert.True(updated.GetProperty("processedSync").GetBoolean());
        var updateOutput = updated.GetProperty("data");
        Assert.Equal((2, 1), (updateOutput.GetProperty("succeeded").GetInt32(), updateOutput.GetProperty("failed").GetInt32()));
        var failure = Assert.Single(updateOutput.GetProperty("failures").EnumerateArray());
        Assert.Equal((1, "nobody", "NOT_FOUND"), (failure.GetProperty("index").GetInt32(), failure.GetProperty("id").GetString(), failure.GetProperty("code").GetString()));

        var deleteOutput = deleted.GetProperty("output");
        Assert.Equal((120, 0), (deleteOutput.GetProperty("succeeded").GetInt32(), deleteOutput.GetProperty("failed").GetInt32()));
        var left = 0;
        await foreach (var _ in entities.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: deadline.Token))
        {
            left++;
        }

        Assert.Equal(0, left);
    }

    [Theory]
    [InlineData("bulk_operation", "{\"operation\":\"create\",\"entity_type\":\"user\",\"items\":[{\"id\":\"u1\",\"name\":\"Ann\"}],\"batch_size\":500}", "payload.batch_size")]
    [InlineData("process_data", "{\"records\":[{\"id\":\"r1\",\"date\":\"2024-01-01\"}],\"pipeline\":[{\"type\":\"pivot\"}]}", "payload.pipeline[0].type")]
    [InlineData("generate_report", "{\"report_type\":\"monthly\",\"dataset\":\"sales\",\"date_range\":{\"start\":\"2024-01-01\",\"end\":\"2025-06-23\"}}", "payload.date_range")]
    [InlineData("export_data", "{\"dataset\":\"sales\",\"date_range\":{\"start\":\"2024-03-01\",\"end\":\"2024-01-01\"}}", "payload.date_range.end")]
    [InlineData("export_data", "{\"dataset\":\"sales\",\"date_range\":{\"start\":\"2024-01-01\",\"end\":\"2024-01-31\"},\"format\":\"xlsx\"}", "payload.format")]
    public async Task Invalid_payloads_answer_400_VALIDATION_with_errors_naming_the_field(string action, string payload, string field)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor(NewUser("invalid")));
        var body = $"{{\"action\":\"{action}\",\"payload\":{payload}}}";

        var response = await client.PostAsync(new Uri("api/requests", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), deadline.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
        Assert.Equal("VALIDATION", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == field && e.GetProperty("message").GetString()!.Length > 0);
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_set_that_does_not_exist_fails_the_request_with_VALIDATION_naming_the_field()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor(NewUser("missing")));

        var status = await RunToCompletionAsync(client, "export_data", new { dataset = "never-made", date_range = new { start = "2024-01-01", end = "2024-01-31" } }, deadline.Token);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var error = status.GetProperty("error");
        Assert.Equal("VALIDATION", error.GetProperty("code").GetString());
        Assert.Contains("payload.dataset: no data set named 'never-made'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(HttpClient client, string action, object payload, CancellationToken cancellationToken)
    {
        var response = await client.PostAsJsonAsync("api/requests", new { action, payload }, cancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
    }

    /// <summary>Starts an asynchronous request (asserting 202) and polls its status until it is terminal.</summary>
    private static async Task<JsonElement> RunToCompletionAsync(HttpClient client, string action, object payload, CancellationToken cancellationToken)
    {
        var (status, body) = await StartAsync(client, action, payload, cancellationToken);
        Assert.True(status == HttpStatusCode.Accepted, $"{action} answered {(int)status}: {body}");
        return await PollUntilFinishedAsync(client, body.GetProperty("requestId").GetString()!, cancellationToken);
    }

    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient client, string requestId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Downloads an output file through its SAS URL with a plain client: no credentials of ours.</summary>
    private static async Task<string> DownloadAsync(JsonElement output, CancellationToken cancellationToken)
    {
        using var response = await Download.GetAsync(new Uri(output.GetProperty("file").GetProperty("url").GetString()!), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A small RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        return rows;
    }
}
