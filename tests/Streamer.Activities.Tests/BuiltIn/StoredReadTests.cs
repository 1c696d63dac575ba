using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.Storage;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>
/// Issue 18: chunks that read a data set, whose size no payload decides, stream it a page at a time: export_data in
/// date then id order without sorting in memory, generate_report without the fields when it only counts.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StoredReadTests(AzuriteFixture azurite)
{
    private const string DataSet = "big";

    /// <summary>120 records on 2024-01-02 (more than two pages), written in an order that is neither id nor date order, and a few on other days.</summary>
    private static List<DataRow> Rows()
    {
        var rows = Enumerable.Range(0, 120).Select(i => Row($"d{(i * 37) % 120:D3}", new DateOnly(2024, 1, 2))).ToList();
        rows.AddRange([Row("a-late", new DateOnly(2024, 1, 31)), Row("z-early", new DateOnly(2024, 1, 1)), Row("m-next-month", new DateOnly(2024, 2, 1))]);
        return rows;
    }

    private static DataRow Row(string id, DateOnly date)
        => new(id, date, new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal) { ["amount"] = JsonSerializer.SerializeToElement(1) });

    private async Task<(DataSetStore Store, RequestLog Log, string Owner)> SeededStoreAsync()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var log = new RequestLog();
        var options = new TableClientOptions();
        options.AddPolicy(log, HttpPipelinePosition.PerCall);
        var store = new DataSetStore(new TableClient(azurite.ConnectionString, prefix + "Records", options), new TableClient(azurite.ConnectionString, prefix + "Catalog"));
        var owner = HandlerRun.NewOwner().Key;
        await store.UpsertAsync(owner, DataSet, Rows(), written: null, CancellationToken.None);
        log.Clear();
        return (store, log, owner);
    }

    [Fact]
    public async Task Rows_in_date_order_come_in_date_then_id_order_across_pages_each_once()
    {
        var (store, _, owner) = await SeededStoreAsync();

        var read = new List<string>();
        await foreach (var row in store.QueryInDateOrderAsync(owner, DataSet, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), CancellationToken.None))
        {
            read.Add($"{row.DateText} {row.Id}");
        }

        var expected = Rows().Where(r => r.Date.Month == 1).Select(r => $"{r.DateText} {r.Id}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task The_first_row_of_a_day_comes_after_one_page_not_after_the_whole_day_is_read()
    {
        var (store, log, owner) = await SeededStoreAsync();

        await using var rows = store.QueryInDateOrderAsync(owner, DataSet, new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 2), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        var beforeTheRest = log.Queries.Count;
        var count = 1;
        while (await rows.MoveNextAsync())
        {
            count++;
        }

        Assert.Equal(120, count);
        Assert.Equal(1, beforeTheRest);

        // 120 rows in pages of 50: three reads, each asking for at most a page.
        Assert.Equal(3, log.Queries.Count);
        Assert.All(log.Queries, query => Assert.Contains("$top=50", query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_without_fields_selects_only_ids_and_dates()
    {
        var (store, log, owner) = await SeededStoreAsync();

        var rows = new List<DataRow>();
        await foreach (var row in store.QueryAsync(owner, DataSet, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), withFields: false, CancellationToken.None))
        {
            rows.Add(row);
        }

        Assert.Equal(122, rows.Count);
        Assert.All(rows, row => Assert.Empty(row.Fields));
        var query = Assert.Single(log.Queries);
        Assert.Contains("$select=RowKey,Date", query, StringComparison.Ordinal);
        Assert.DoesNotContain("Fields", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_count_only_report_counts_every_record_read_without_its_fields()
    {
        var storage = azurite.NewStorage();
        var owner = HandlerRun.NewOwner();
        await storage.DataSets.UpsertAsync(owner.Key, DataSet, Rows(), written: null, CancellationToken.None);
        await storage.DataSets.PublishAsync(owner.Key, DataSet, ["amount"], DateTimeOffset.UtcNow, CancellationToken.None);

        var output = await HandlerRun.RunAsync(new Handlers(storage).Report, HandlerRun.NewRequest("generate_report", owner), new
        {
            report_type = "monthly",
            dataset = DataSet,
            date_range = new { start = "2024-01-01", end = "2024-02-29" },
        });

        Assert.Equal(
            [("2024-01", 122), ("2024-02", 1)],
            output.GetProperty("periods").EnumerateArray().Select(p => (p.GetProperty("label").GetString(), p.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task Process_data_over_a_stored_data_set_checks_the_budget_once_it_has_read_it_naming_the_step()
    {
        var storage = azurite.NewStorage();
        var owner = HandlerRun.NewOwner();
        await storage.DataSets.UpsertAsync(owner.Key, DataSet, Rows(), written: null, CancellationToken.None);
        await storage.DataSets.PublishAsync(owner.Key, DataSet, ["amount"], DateTimeOffset.UtcNow, CancellationToken.None);
        object Payload(int characters) => new { dataset = DataSet, pipeline = new object[] { new { type = "transform", field = "blob", op = "set", value = new string('v', characters) } } };

        var within = await HandlerRun.RunAsync(new Handlers(storage).Process, HandlerRun.NewRequest("process_data", owner), Payload(1_000));
        Assert.Equal(123, within.GetProperty("output_count").GetInt32());

        var over = await Assert.ThrowsAsync<Streamer.Activities.Sdk.PayloadRejectedException>(
            () => HandlerRun.RunAsync(new Handlers(storage).Process, HandlerRun.NewRequest("process_data", owner), Payload(1_100_000)));
        Assert.StartsWith("payload.pipeline[0].value: makes result rows of up to 1,100,", over.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_data_refuses_a_stored_data_set_over_16_MiB_naming_the_data_set()
    {
        var storage = azurite.NewStorage();
        var owner = HandlerRun.NewOwner();
        var blob = JsonSerializer.SerializeToElement(new string('b', 28_000));
        var rows = Enumerable.Range(0, 600).Select(i => new DataRow($"r{i:D3}", new DateOnly(2024, 1, 1), new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal) { ["blob"] = blob })).ToList();
        await storage.DataSets.UpsertAsync(owner.Key, DataSet, rows, written: null, CancellationToken.None);
        await storage.DataSets.PublishAsync(owner.Key, DataSet, ["blob"], DateTimeOffset.UtcNow, CancellationToken.None);

        var over = await Assert.ThrowsAsync<Streamer.Activities.Sdk.PayloadRejectedException>(() => HandlerRun.RunAsync(
            new Handlers(storage).Process,
            HandlerRun.NewRequest("process_data", owner),
            new { dataset = DataSet, pipeline = new object[] { new { type = "sort", by = new[] { new { field = "id", order = "asc" } } } } }));

        Assert.StartsWith($"payload.dataset: data set '{DataSet}' holds more than 16,777,216 bytes of records as JSON", over.Message, StringComparison.Ordinal);
    }

    /// <summary>Records the query strings of the entity queries a table client sends.</summary>
    private sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _queries = new();

        public IReadOnlyList<string> Queries => [.. _queries];

        public void Clear() => _queries.Clear();

        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            if (message.Request.Method == RequestMethod.Get && uri.AbsolutePath.EndsWith("()", StringComparison.Ordinal))
            {
                _queries.Enqueue(Uri.UnescapeDataString(uri.Query));
            }
        }
    }
}
