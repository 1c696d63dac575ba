using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Streamer.Activities.BuiltIn.BulkOperation;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>The storage-backed actions against a real Azurite: their effects, and that a retried chunk duplicates nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageActionTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Download = new();

    private static object[] SalesRecords(int count) => [.. Enumerable.Range(0, count).Select(i => new
    {
        id = $"s{i:D5}",
        date = new DateOnly(2024, 1, 1).AddDays(i % 91).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        region = (i % 3) switch { 0 => "north", 1 => "south", _ => "west" },
        amount = i % 10,
        note = i % 7 == 0 ? "big, \"quoted\"" : "plain",
    })];

    private async Task<int> CountRowsAsync(string table, string partition)
    {
        var client = new TableClient(azurite.ConnectionString, table);
        var count = 0;
        await foreach (var _ in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task<string> DownloadAsync(JsonElement output)
    {
        var url = output.GetProperty("file").GetProperty("url").GetString()!;
        using var response = await Download.GetAsync(new Uri(url));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string[] CsvLines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Process_data_with_every_chunk_run_twice_writes_each_row_once_to_the_data_set_and_the_file()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        var payload = new
        {
            records = SalesRecords(2_500),
            pipeline = new object[]
            {
                new { type = "filter", field = "amount", op = "gte", value = 2 },
                new { type = "transform", field = "region", op = "uppercase" },
            },
            output_dataset = "sales",
            format = "csv",
        };

        var output = await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), payload, attemptsPerChunk: 2);

        Assert.Equal(2_500, output.GetProperty("input_count").GetInt32());
        Assert.Equal(2_000, output.GetProperty("output_count").GetInt32());
        Assert.Equal(2_000, await CountRowsAsync(storage.RecordsTableName, owner.Key + "|sales"));
        var lines = CsvLines(await DownloadAsync(output));
        Assert.Equal("id,date,region,amount,note", lines[0]);
        var ids = lines.Skip(1).Select(line => line.Split(',')[0]).ToList();
        Assert.Equal(2_000, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("s00007,2024-01-08,SOUTH,7,\"big, \"\"quoted\"\"\"", lines);
    }

    [Fact]
    public async Task Process_data_json_output_is_one_valid_array_even_when_chunks_and_finalize_retry()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var payload = new
        {
            records = SalesRecords(1_200),
            pipeline = new object[]
            {
                new { type = "aggregate", group_by = new[] { "region" }, metrics = new object[] { new { op = "count" }, new { op = "sum", field = "amount", @as = "total" } } },
                new { type = "sort", by = new[] { new { field = "total", order = "desc" } } },
            },
        };

        var output = await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", HandlerRun.NewOwner()), payload, attemptsPerChunk: 3, finalizeAttempts: 2);

        var rows = JsonDocument.Parse(await DownloadAsync(output)).RootElement;
        Assert.Equal(3, rows.GetArrayLength());
        Assert.Equal(["north", "south", "west"], rows.EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Equal(1_200, rows.EnumerateArray().Sum(r => r.GetProperty("count").GetInt32()));
        Assert.Equal(SalesRecords(1_200).Sum(r => (int)((dynamic)r).amount), rows.EnumerateArray().Sum(r => r.GetProperty("total").GetInt32()));
        Assert.Equal(3, output.GetProperty("preview").GetArrayLength());
    }

    [Fact]
    public async Task Process_data_previews_at_most_1_MiB_of_rows_and_writes_every_row_to_its_file()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var payload = new
        {
            records = Enumerable.Range(0, 12).Select(i => new { id = $"r{i:D2}", date = "2024-01-01" }),
            pipeline = new object[] { new { type = "transform", field = "blob", op = "set", value = new string('v', 200_000) } },
        };

        var output = await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", HandlerRun.NewOwner()), payload);

        // Rows of 200,042 bytes: five make 1,000,210 ≤ 1,048,576 bytes, six would not.
        Assert.Equal(5, output.GetProperty("preview").GetArrayLength());
        Assert.Equal(12, JsonDocument.Parse(await DownloadAsync(output)).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Export_data_with_every_slice_run_twice_writes_each_row_once_in_date_order()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(900), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });

        var output = await HandlerRun.RunAsync(
            handlers.Export,
            HandlerRun.NewRequest("export_data", owner),
            new { dataset = "sales", date_range = new { start = "2024-01-15", end = "2024-03-10" } },
            attemptsPerChunk: 2);

        var expected = SalesRecords(900).Select(r => (dynamic)r).Where(r => string.CompareOrdinal((string)r.date, "2024-01-15") >= 0 && string.CompareOrdinal((string)r.date, "2024-03-10") <= 0).ToList();
        var lines = CsvLines(await DownloadAsync(output));
        Assert.Equal("id,date,region,amount,note", lines[0]);
        Assert.Equal(expected.Count, lines.Length - 1);
        Assert.Equal(expected.Count, output.GetProperty("rows").GetInt32());
        var dates = lines.Skip(1).Select(line => line.Split(',')[1]).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.Equal(lines.Length - 1, lines.Skip(1).Select(line => line.Split(',')[0]).Distinct().Count());
        var expires = output.GetProperty("file").GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Export_columns_can_be_chosen_and_a_missing_data_set_is_rejected_naming_the_field()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(5), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });

        var output = await HandlerRun.RunAsync(handlers.Export, HandlerRun.NewRequest("export_data", owner), new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-01-31" }, columns = new[] { "amount", "id" } });
        var missing = await Assert.ThrowsAsync<PayloadRejectedException>(() => HandlerRun.RunAsync(handlers.Export, HandlerRun.NewRequest("export_data", owner), new { dataset = "nope", date_range = new { start = "2024-01-01", end = "2024-01-31" } }));

        Assert.Equal(["amount,id", "0,s00000", "1,s00001", "2,s00002", "3,s00003", "4,s00004"], CsvLines(await DownloadAsync(output)));
        Assert.StartsWith("payload.dataset: no data set named 'nope' exists", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_report_counts_and_sums_per_month_and_writes_the_file()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(300), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });
        var progress = new RecordingReporter();

        var output = await HandlerRun.RunAsync(
            handlers.Report,
            HandlerRun.NewRequest("generate_report", owner),
            new { report_type = "monthly", dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-03-31" }, value_field = "amount", format = "csv" },
            progress: progress);

        var records = SalesRecords(300).Select(r => (dynamic)r).ToList();
        var periods = output.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2024-01", "2024-02", "2024-03"], periods.Select(p => p.GetProperty("label").GetString()));
        foreach (var period in periods)
        {
            var month = period.GetProperty("label").GetString()!;
            var inMonth = records.Where(r => ((string)r.date).StartsWith(month, StringComparison.Ordinal)).ToList();
            Assert.Equal(inMonth.Count, period.GetProperty("count").GetInt32());
            Assert.Equal(inMonth.Sum(r => (int)r.amount), period.GetProperty("sum").GetInt32());
            Assert.Equal(inMonth.Max(r => (int)r.amount), period.GetProperty("max").GetInt32());
        }

        Assert.Equal(300, output.GetProperty("totals").GetProperty("count").GetInt32());
        var lines = CsvLines(await DownloadAsync(output));
        Assert.Equal("period,start,end,count,value_count,sum,avg,min,max", lines[0]);
        Assert.StartsWith("total,2024-01-01,2024-03-31,300,300,", lines[^1], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        Assert.Contains(progress.Reports, r => r.Stage == "reading");
    }

    [Fact]
    public async Task Generate_report_as_html_is_a_page_with_a_row_per_period()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(50), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });

        var output = await HandlerRun.RunAsync(handlers.Report, HandlerRun.NewRequest("generate_report", owner), new { report_type = "quarterly", dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-12-31" }, format = "html", title = "Q <report>" });

        var html = await DownloadAsync(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Q &lt;report&gt;</title>", html, StringComparison.Ordinal);
        Assert.Equal(4, output.GetProperty("periods").GetArrayLength());
        Assert.Contains("<td>2024-Q1</td>", html, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, output.GetProperty("totals").GetProperty("sum").ValueKind);
    }

    [Fact]
    public async Task Owners_never_see_each_others_data_sets()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var alice = HandlerRun.NewOwner();
        var bob = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", alice), new { records = SalesRecords(20), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });
        var range = new { start = "2024-01-01", end = "2024-12-31" };

        var rejected = await Assert.ThrowsAsync<PayloadRejectedException>(() => HandlerRun.RunAsync(handlers.Report, HandlerRun.NewRequest("generate_report", bob), new { report_type = "annual", dataset = "sales", date_range = range }));
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", bob), new { records = new[] { new { id = "b1", date = "2024-05-05", amount = 1 } }, pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });
        var bobs = await HandlerRun.RunAsync(handlers.Export, HandlerRun.NewRequest("export_data", bob), new { dataset = "sales", date_range = range });

        Assert.StartsWith("payload.dataset", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(["id,date,amount", "b1,2024-05-05,1"], CsvLines(await DownloadAsync(bobs)));
        Assert.StartsWith(bob.Key + "/", bobs.GetProperty("file").GetProperty("blob_name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_data_reads_a_stored_data_set_as_input()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(40), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "raw" });

        var output = await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new
        {
            dataset = "raw",
            pipeline = new object[] { new { type = "filter", field = "region", op = "eq", value = "west" }, new { type = "sort", by = new object[] { new { field = "amount", order = "desc" }, new { field = "id" } } } },
            output_dataset = "west",
        });

        Assert.Equal(40, output.GetProperty("input_count").GetInt32());
        Assert.Equal(13, output.GetProperty("output_count").GetInt32());
        Assert.Equal(13, await CountRowsAsync(storage.RecordsTableName, owner.Key + "|west"));
        var first = output.GetProperty("preview")[0];
        Assert.Equal(("s00029", 9), (first.GetProperty("id").GetString(), first.GetProperty("amount").GetInt32()));
    }

    [Fact]
    public async Task Bulk_create_update_delete_report_missing_items_without_failing_the_rest()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        var partition = EntityStore.PartitionKey(owner.Key, "product");
        var products = Enumerable.Range(1, 7).Select(i => new { id = $"p{i}", name = $"Product {i}", price = i * 1.5 }).ToArray();

        var created = await HandlerRun.RunAsync(handlers.Bulk, HandlerRun.NewRequest("bulk_operation", owner), new { operation = "create", entity_type = "product", items = products, batch_size = 3 });
        var createdAgain = await HandlerRun.RunAsync(handlers.Bulk, HandlerRun.NewRequest("bulk_operation", owner), new { operation = "create", entity_type = "product", items = products, batch_size = 3 });
        var updated = await HandlerRun.RunAsync(handlers.Bulk, HandlerRun.NewRequest("bulk_operation", owner), new
        {
            operation = "update",
            entity_type = "product",
            items = new object[] { new { id = "p1", price = 9.99 }, new { id = "p404", price = 1 }, new { id = "p2", stock = 5 } },
            batch_size = 2,
        });

        Assert.Equal((7, 0, 3), (created.GetProperty("succeeded").GetInt32(), created.GetProperty("failed").GetInt32(), created.GetProperty("batches").GetInt32()));
        Assert.Equal(7, createdAgain.GetProperty("succeeded").GetInt32());
        Assert.Equal(7, await CountRowsAsync(storage.EntitiesTableName, partition));
        Assert.Equal((2, 1), (updated.GetProperty("succeeded").GetInt32(), updated.GetProperty("failed").GetInt32()));
        var failure = updated.GetProperty("failures")[0];
        Assert.Equal((1, "p404", "NOT_FOUND"), (failure.GetProperty("index").GetInt32(), failure.GetProperty("id").GetString(), failure.GetProperty("code").GetString()));
        var p2 = await storage.Entities.GetAsync(partition, "p2", CancellationToken.None);
        Assert.Equal(("Product 2", 3.0, 5L), (p2!.GetString("name"), p2.GetDouble("price"), p2.GetInt64("stock")));
        Assert.Equal(9.99, (await storage.Entities.GetAsync(partition, "p1", CancellationToken.None))!.GetDouble("price"));
    }

    [Fact]
    public async Task A_retried_delete_batch_reports_the_same_outcome_as_its_first_attempt()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        var partition = EntityStore.PartitionKey(owner.Key, "user");
        await HandlerRun.RunAsync(handlers.Bulk, HandlerRun.NewRequest("bulk_operation", owner), new { operation = "create", entity_type = "user", items = Enumerable.Range(1, 4).Select(i => new { id = $"u{i}", email = $"u{i}@example.com", name = $"U{i}" }) });
        var request = HandlerRun.NewRequest("bulk_operation", owner);
        var payload = new RequestPayload(JsonSerializer.SerializeToElement(new { operation = "delete", entity_type = "user", items = new[] { new { id = "u1" }, new { id = "u9" }, new { id = "u2" } } }));
        var chunk = Assert.Single(await handlers.Bulk.PlanAsync(request, payload, CancellationToken.None));
        var context = new ChunkContext(request, 0, 1, new RecordingReporter());

        var first = await handlers.Bulk.ProcessChunkAsync(payload, chunk, context, CancellationToken.None);
        // As if the first attempt died after its deletes but before it recorded its result.
        const string marker = "bulk_operation/batch-00000.json";
        var written = await storage.Work.ReadAsync<BulkBatchMarker>(owner.Key, request.RequestId, marker, CancellationToken.None);
        await storage.Work.WriteAsync(owner.Key, request.RequestId, marker, written! with { Result = null }, CancellationToken.None);
        var retried = await handlers.Bulk.ProcessChunkAsync(payload, chunk, context, CancellationToken.None);
        var output = await handlers.Bulk.FinalizeAsync(request, payload, new[] { retried }.ToAsyncEnumerable(), CancellationToken.None);

        Assert.Equal(first.GetRawText(), retried.GetRawText());
        Assert.Equal((2, 1), (output.GetProperty("succeeded").GetInt32(), output.GetProperty("failed").GetInt32()));
        Assert.Equal("u9", output.GetProperty("failures")[0].GetProperty("id").GetString());
        Assert.Equal(2, await CountRowsAsync(storage.EntitiesTableName, partition));
        Assert.Null(await storage.Work.ReadAsync<BulkBatchMarker>(owner.Key, request.RequestId, marker, CancellationToken.None));
    }

    [Fact]
    public async Task When_a_transaction_fails_the_batch_is_replayed_item_by_item()
    {
        var storage = azurite.NewStorage();
        var partition = EntityStore.PartitionKey(HandlerRun.NewOwner().Key, "order");
        BulkItem Item(int index, string id, params (string Name, object Value)[] fields) => new(index, id, fields.ToDictionary(f => f.Name, f => f.Value));
        await storage.Entities.ApplyAsync(BulkOperationKind.Create, partition, [Item(0, "o1", ("customer_id", "c1"), ("total", 10L)), Item(1, "o3", ("customer_id", "c3"), ("total", 30L))], CancellationToken.None);

        // The pre-check is bypassed here: o2 is missing, so the merge transaction fails as a whole.
        var failures = await storage.Entities.ApplyAsync(
            BulkOperationKind.Update,
            partition,
            [Item(0, "o1", ("status", "paid")), Item(1, "o2", ("status", "paid")), Item(2, "o3", ("status", "sent"))],
            CancellationToken.None);
        var deleteFailures = await storage.Entities.ApplyAsync(BulkOperationKind.Delete, partition, [Item(0, "o1"), Item(1, "o2")], CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal(("o2", BulkItemFailure.NotFound), (failure.Id, failure.Code));
        var o3 = await storage.Entities.GetAsync(partition, "o3", CancellationToken.None);
        Assert.Equal(("sent", "c3"), (o3!.GetString("status"), o3.GetString("customer_id")));
        Assert.Empty(deleteFailures);
        Assert.Null(await storage.Entities.GetAsync(partition, "o1", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_chunk_stops_with_OperationCanceledException()
    {
        var storage = azurite.NewStorage();
        var handlers = new Handlers(storage);
        var owner = HandlerRun.NewOwner();
        await HandlerRun.RunAsync(handlers.Process, HandlerRun.NewRequest("process_data", owner), new { records = SalesRecords(5), pipeline = new[] { new { type = "deduplicate" } }, output_dataset = "sales" });
        var request = HandlerRun.NewRequest("export_data", owner);
        var payload = new RequestPayload(JsonSerializer.SerializeToElement(new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-01-31" } }));
        var chunk = Assert.Single(await handlers.Export.PlanAsync(request, payload, CancellationToken.None));
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handlers.Export.ProcessChunkAsync(payload, chunk, new ChunkContext(request, 0, 1, new RecordingReporter()), canceled.Token));
    }
}
