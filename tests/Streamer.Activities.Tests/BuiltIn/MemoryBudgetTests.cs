using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>
/// Issue 18: every built-in refuses, at start and naming the field, a payload whose result would take more than its
/// memory budget, and accepts the largest one within it. The figures are the computed sizes of the written JSON:
/// a row <c>{"id":"r00000","date":"2024-01-01","blob":"…"}</c> with an n-character value takes 47 + n bytes, plus the
/// ",\n" between rows that 29 + id + (2 + name + value) counts, and a JSON file adds 5 bytes of brackets.
/// </summary>
public sealed class MemoryBudgetTests
{
    private static readonly Handlers H = Handlers.Offline();

    private static IReadOnlyList<ValidationError> Validate(IActionHandler handler, object payload)
        => handler.Validate(JsonSerializer.SerializeToElement(payload));

    private static IEnumerable<object> Records(int count) => Enumerable.Range(0, count).Select(i => new { id = $"r{i:D5}", date = "2024-01-01" });

    private static object SetBlob(int records, int characters, string format = "json") => new
    {
        records = Records(records),
        pipeline = new object[] { new { type = "transform", field = "blob", op = "set", value = new string('v', characters) } },
        format,
    };

    private static string Describe(IReadOnlyList<ValidationError> errors) => string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"));

    [Fact]
    public void The_issue_case_a_10_KB_set_over_10000_records_is_refused_naming_the_value_with_the_limit_and_the_computed_size()
    {
        var errors = Validate(H.Process, SetBlob(10_000, 10_000));

        var error = Assert.Single(errors);
        Assert.Equal("payload.pipeline[0].value", error.Field);
        Assert.Equal("makes the result up to 100,470,005 bytes (10,000 rows of up to 10,047 bytes); process_data writes at most 67,108,864 bytes (64 MiB) per request", error.Message);
    }

    [Fact]
    public void The_largest_output_within_64_MiB_is_accepted_and_one_byte_a_row_more_is_not()
    {
        // 10,000 × (47 + 6,663) + 5 = 67,100,005 ≤ 67,108,864 < 10,000 × (47 + 6,664) + 5.
        Assert.Empty(Validate(H.Process, SetBlob(10_000, 6_663)));

        var error = Assert.Single(Validate(H.Process, SetBlob(10_000, 6_664)));
        Assert.Equal("payload.pipeline[0].value", error.Field);
        Assert.Contains("67,110,005 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_chunk_over_16_MiB_is_refused_even_when_the_whole_result_is_within_64_MiB()
    {
        // One write chunk holds the 1,000 rows: 1,000 × (47 + 16,730) = 16,777,000 ≤ 16,777,216 < 1,000 × (47 + 16,731).
        Assert.Empty(Validate(H.Process, SetBlob(1_000, 16_730)));

        var error = Assert.Single(Validate(H.Process, SetBlob(1_000, 16_731)));
        Assert.Equal("payload.pipeline[0].value", error.Field);
        Assert.Equal("makes a write chunk of 1,000 rows take up to 16,778,000 bytes; a chunk may take at most 16,777,216 bytes (16 MiB): send fewer records or smaller values", error.Message);
    }

    [Fact]
    public void A_row_over_1_MiB_is_refused_naming_the_step_that_took_it_over()
    {
        // Each step adds ,"fNN":"…" (2 + 5 + 60,002 bytes): 17 of them stay within 1 MiB, the 18th does not.
        object Payload(int steps) => new
        {
            records = Records(1),
            pipeline = Enumerable.Range(0, steps).Select(i => new { type = "transform", field = $"f{i:D2}", op = "set", value = new string('v', 60_000) }),
        };

        Assert.Empty(Validate(H.Process, Payload(17)));
        var errors = Validate(H.Process, Payload(20));
        var error = Assert.Single(errors);
        Assert.Equal("payload.pipeline[17].value", error.Field);
        Assert.StartsWith("makes result rows of up to 1,200,217 bytes; a row may take at most 1,048,576 bytes (1 MiB)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_counts_is_the_final_result_so_an_aggregate_after_a_large_set_is_accepted()
        => Assert.Empty(Validate(H.Process, new
        {
            records = Records(10_000),
            pipeline = new object[]
            {
                new { type = "transform", field = "blob", op = "set", value = new string('v', 10_000) },
                new { type = "aggregate", metrics = new object[] { new { op = "count" } } },
            },
        }));

    [Fact]
    public void An_aggregate_that_copies_a_large_field_into_many_metrics_is_refused_naming_the_step()
    {
        // Grouped by id, every record is its own group, and each of 20 max() metrics can be the 1 KB value.
        var payload = new
        {
            records = Enumerable.Range(0, 1_000).Select(i => new { id = $"r{i:D5}", date = "2024-01-01", big = new string('b', 1_000) }),
            pipeline = new object[]
            {
                new { type = "aggregate", group_by = new[] { "id" }, metrics = Enumerable.Range(0, 20).Select(m => new { op = "max", field = "big", @as = $"m{m:D2}" }) },
                new { type = "sort", by = new[] { new { field = "id", order = "asc" } } },
            },
        };

        var error = Assert.Single(Validate(H.Process, payload));

        Assert.Equal("payload.pipeline[0]", error.Field);
        Assert.Contains("makes a write chunk of 1,000 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_writes_every_column_on_every_line_so_many_distinct_fields_are_refused_as_csv_and_accepted_as_json()
    {
        // 10,000 records with a field of their own: 10,002 columns, so each CSV line has 10,001 commas (100 MB in all).
        object Payload(string format) => new
        {
            records = Enumerable.Range(0, 10_000).Select(i => new Dictionary<string, object> { ["id"] = $"r{i:D5}", ["date"] = "2024-01-01", [$"f{i:D5}"] = 1 }),
            pipeline = new object[] { new { type = "sort", by = new[] { new { field = "id", order = "asc" } } } },
            format,
        };

        Assert.Empty(Validate(H.Process, Payload("json")));
        var error = Assert.Single(Validate(H.Process, Payload("csv")));
        Assert.Equal("payload.records", error.Field);
        Assert.Contains("process_data writes at most 67,108,864 bytes", error.Message, StringComparison.Ordinal);
    }

    private static object Products(int count, int nameCharacters, int batchSize) => new
    {
        operation = "create",
        entity_type = "product",
        batch_size = batchSize,
        items = Enumerable.Range(0, count).Select(i => new { id = $"p{i:D5}", name = new string('n', nameCharacters), price = 1.5 }),
    };

    [Fact]
    public void Bulk_chunks_no_longer_carry_the_payload_so_10000_items_in_batches_of_1_are_accepted()
    {
        // Chunks refer to the payload (docs/cost.md), so chunks × payload bounds nothing a host holds: the item limit is the limit.
        Assert.Empty(Validate(H.Bulk, Products(10_000, 1, batchSize: 1)));
        Assert.Empty(Validate(H.Bulk, Products(2_400, 390, batchSize: 1)));
    }

    [Fact]
    public void The_largest_report_has_366_one_day_periods_and_a_longer_range_is_refused_naming_it()
    {
        object Report(string end) => new { report_type = "custom", period_days = 1, dataset = "sales", date_range = new { start = "2024-01-01", end }, value_field = "amount" };

        Assert.Empty(Validate(H.Report, Report("2024-12-31")));
        var error = Assert.Single(Validate(H.Report, Report("2025-01-01")));
        Assert.Equal("payload.date_range", error.Field);
        Assert.Equal("cannot exceed 366 days; got 367", error.Message);
    }
}
