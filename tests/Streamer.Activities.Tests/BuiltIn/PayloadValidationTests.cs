using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.BuiltIn;

public sealed class PayloadValidationTests
{
    private static readonly Handlers H = Handlers.Offline();

    private static IReadOnlyList<ValidationError> Validate(IActionHandler handler, object payload)
        => handler.Validate(JsonSerializer.SerializeToElement(payload));

    private static void AssertError(IReadOnlyList<ValidationError> errors, string field, string message)
        => Assert.True(
            errors.Any(e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal)),
            $"expected {field}: …{message}…; got {string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"))}");

    private static Dictionary<string, object?> Report(object? dateRange = null, string reportType = "monthly", object? extra = null)
        => Merge(new Dictionary<string, object?>
        {
            ["report_type"] = reportType,
            ["dataset"] = "sales",
            ["date_range"] = dateRange ?? new { start = "2024-01-01", end = "2024-06-30" },
            ["value_field"] = "amount",
        }, extra);

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> payload, object? extra)
    {
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                payload[property.Name] = property.Value;
            }
        }

        return payload;
    }

    [Fact]
    public void Valid_payloads_of_every_action_have_no_errors()
    {
        Assert.Empty(Validate(H.Report, Report()));
        Assert.Empty(Validate(H.Export, new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-12-31" } }));
        Assert.Empty(Validate(H.Bulk, new { operation = "create", entity_type = "product", items = new object[] { new { id = "p1", name = "Pen", price = 1.5, stock = 3, on_sale = true, color = "red" } } }));
        Assert.Empty(Validate(H.Process, new
        {
            records = new object[] { new { id = "r1", date = "2024-01-01", amount = 3 } },
            pipeline = new object[] { new { type = "filter", field = "amount", op = "gt", value = 1 } },
            output_dataset = "out",
            format = "csv",
        }));
    }

    [Fact]
    public void A_date_range_over_366_days_names_the_field_and_the_rule()
    {
        var errors = Validate(H.Report, Report(new { start = "2024-01-01", end = "2025-06-23" }));

        var error = Assert.Single(errors);
        Assert.Equal("payload.date_range", error.Field);
        Assert.Equal("cannot exceed 366 days; got 540", error.Message);
    }

    [Fact]
    public void A_leap_year_is_exactly_366_days_and_allowed()
        => Assert.Empty(Validate(H.Export, new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-12-31" } }));

    [Fact]
    public void An_end_before_the_start_is_rejected_on_the_end_field()
        => AssertError(Validate(H.Export, new { dataset = "sales", date_range = new { start = "2024-03-01", end = "2024-02-01" } }), "payload.date_range.end", "must not be before start (2024-03-01); got 2024-02-01");

    [Fact]
    public void A_date_that_is_not_yyyy_MM_dd_is_a_type_error_on_its_field()
        => AssertError(Validate(H.Export, new { dataset = "sales", date_range = new { start = "01/02/2024", end = "2024-02-01" } }), "payload.date_range.start", "must be a date (yyyy-MM-dd)");

    [Fact]
    public void Unknown_fields_are_rejected_by_name()
        => AssertError(Validate(H.Export, new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-01-31" }, start_date = "2024-01-01" }), "payload.start_date", "is not a known field");

    [Fact]
    public void Missing_required_fields_are_listed()
        => AssertError(Validate(H.Report, new { dataset = "sales" }), "payload", "is missing required field(s)");

    [Fact]
    public void Report_type_and_format_list_the_allowed_values()
    {
        var errors = Validate(H.Report, Report(reportType: "weekly", extra: new { format = "pdf" }));

        AssertError(errors, "payload.report_type", "must be one of 'monthly', 'quarterly', 'annual', 'custom'; got 'weekly'");
        AssertError(errors, "payload.format", "must be one of 'json', 'csv', 'html'; got 'pdf'");
    }

    [Fact]
    public void Period_days_is_only_for_custom_reports_and_bounded()
    {
        AssertError(Validate(H.Report, Report(extra: new { period_days = 7 })), "payload.period_days", "is only used with report_type 'custom'; got it with 'monthly'");
        AssertError(Validate(H.Report, Report(reportType: "custom", extra: new { period_days = 0 })), "payload.period_days", "must be between 1 and 366; got 0");
        Assert.Empty(Validate(H.Report, Report(reportType: "custom", extra: new { period_days = 7 })));
    }

    [Fact]
    public void Data_set_names_follow_the_naming_rule()
        => AssertError(Validate(H.Export, new { dataset = "my sales!", date_range = new { start = "2024-01-01", end = "2024-01-31" } }), "payload.dataset", "must be 1–64 letters, digits, '_' or '-', starting with a letter or digit; got 'my sales!'");

    [Fact]
    public void Export_columns_must_be_distinct_and_format_csv()
    {
        var errors = Validate(H.Export, new { dataset = "sales", date_range = new { start = "2024-01-01", end = "2024-01-31" }, columns = new[] { "id", "amount", "id" }, format = "xlsx" });

        AssertError(errors, "payload.columns[2]", "repeats 'id'");
        AssertError(errors, "payload.format", "must be one of 'csv'; got 'xlsx'");
    }

    [Fact]
    public void Bulk_batch_size_above_100_names_the_field_and_the_range()
    {
        var errors = Validate(H.Bulk, new { operation = "delete", entity_type = "user", batch_size = 101, items = new object[] { new { id = "u1" } } });

        var error = Assert.Single(errors);
        Assert.Equal(("payload.batch_size", "must be between 1 and 100; got 101"), (error.Field, error.Message));
    }

    [Fact]
    public void Bulk_operation_and_entity_type_list_the_allowed_values()
    {
        var errors = Validate(H.Bulk, new { operation = "upsert", entity_type = "invoice", items = new object[] { new { id = "u1" } } });

        AssertError(errors, "payload.operation", "must be one of 'create', 'update', 'delete'; got 'upsert'");
        AssertError(errors, "payload.entity_type", "must be one of 'user', 'product', 'order'; got 'invoice'");
    }

    [Fact]
    public void Bulk_items_must_number_between_1_and_10000()
    {
        AssertError(Validate(H.Bulk, new { operation = "delete", entity_type = "user", items = Array.Empty<object>() }), "payload.items", "must have between 1 and 10000 items; got 0");
        var tooMany = Enumerable.Range(0, 10_001).Select(i => new { id = "u" + i }).ToArray();
        AssertError(Validate(H.Bulk, new { operation = "delete", entity_type = "user", items = tooMany }), "payload.items", "got 10001");
    }

    [Fact]
    public void Bulk_item_problems_name_the_item_and_field()
    {
        var errors = Validate(H.Bulk, new
        {
            operation = "create",
            entity_type = "user",
            items = new object[]
            {
                new { id = "u1", name = "Ann" },
                new { id = "u2", email = "not-an-email", name = "Bob" },
                new { id = "u1", email = "c@example.com", name = "Cy" },
                new { id = "u/4", email = "d@example.com", name = "Di", tags = new[] { "x" } },
                "just a string",
            },
        });

        AssertError(errors, "payload.items[0].email", "is required when creating entity_type 'user'");
        AssertError(errors, "payload.items[1].email", "must be an email address like 'name@example.com' (user.email); got 'not-an-email'");
        AssertError(errors, "payload.items[2].id", "repeats 'u1' from items[0]");
        AssertError(errors, "payload.items[3].id", "without '/'");
        AssertError(errors, "payload.items[3].tags", "must be a string, number or boolean (entities are flat); got an array");
        AssertError(errors, "payload.items[4]", "must be a JSON object with an 'id'; got a string");
    }

    [Fact]
    public void Bulk_delete_takes_only_ids_and_update_needs_a_field()
    {
        AssertError(Validate(H.Bulk, new { operation = "delete", entity_type = "order", items = new object[] { new { id = "o1", total = 3 } } }), "payload.items[0].total", "is not allowed: delete takes only 'id'");
        AssertError(Validate(H.Bulk, new { operation = "update", entity_type = "order", items = new object[] { new { id = "o1" } } }), "payload.items[0]", "must give at least one field to change besides 'id'");
        AssertError(Validate(H.Bulk, new { operation = "update", entity_type = "order", items = new object[] { new { id = "o1", total = -1 } } }), "payload.items[0].total", "must be a number ≥ 0 (order.total); got -1");
    }

    [Fact]
    public void Bulk_reports_at_most_20_bad_items_then_summarises()
    {
        var items = Enumerable.Range(0, 100).Select(i => new { id = "", name = "x" }).ToArray();

        var errors = Validate(H.Bulk, new { operation = "update", entity_type = "user", items });

        Assert.Equal(21, errors.Count);
        AssertError(errors, "payload.items", "stopped checking after 20 items with errors; 80 item(s) not checked");
    }

    [Fact]
    public void Names_and_values_are_matched_whole_so_a_trailing_newline_is_refused()
    {
        var pipeline = new object[] { new { type = "sort", by = new[] { new { field = "id" } } } };
        var records = new object[] { new { id = "r1", date = "2024-01-01" } };

        // "^…$" would accept these: '$' matches before a final line feed, which would then reach a table or blob key.
        AssertError(Validate(H.Process, new { pipeline, records, output_dataset = "big\n" }), "payload.output_dataset", "");
        AssertError(Validate(H.Report, Report(extra: new { dataset = "sales\n" })), "payload.dataset", "");
        AssertError(Validate(H.Bulk, new { operation = "create", entity_type = "user", items = new object[] { new { id = "u1", name = "Ann", email = "ann@example.com\n" } } }), "payload.items[0].email", "must be an email address");
        AssertError(Validate(H.Bulk, new { operation = "update", entity_type = "product", items = new object[] { new Dictionary<string, object> { ["id"] = "p1", ["color\n"] = "red" } } }), "payload.items[0].color\n", "");
    }

    [Fact]
    public void Process_data_needs_exactly_one_input()
    {
        var pipeline = new object[] { new { type = "sort", by = new[] { new { field = "id" } } } };
        AssertError(Validate(H.Process, new { pipeline }), "payload.records", "is required unless 'dataset' is given");
        AssertError(Validate(H.Process, new { pipeline, dataset = "a", records = new object[] { new { id = "r", date = "2024-01-01" } } }), "payload.dataset", "cannot be combined with 'records'");
        AssertError(Validate(H.Process, new { pipeline, dataset = "a", output_dataset = "a" }), "payload.output_dataset", "must differ from 'dataset'");
    }

    [Fact]
    public void Process_data_records_need_an_id_and_a_date()
    {
        var errors = Validate(H.Process, new
        {
            records = new object[] { new { id = "r1", date = "2024-02-30" }, new { date = "2024-01-01" }, new { id = "r1", date = "2024-01-01" }, new { id = "r4" } },
            pipeline = new object[] { new { type = "deduplicate" } },
        });

        AssertError(errors, "payload.records[0].date", "must be a date written yyyy-MM-dd; got '2024-02-30'");
        AssertError(errors, "payload.records[1].id", "got nothing");
        AssertError(errors, "payload.records[2].id", "repeats 'r1' from records[0]; ids must be unique");
        AssertError(errors, "payload.records[3].date", "is required");
    }

    [Fact]
    public void Pipeline_steps_are_checked_per_type()
    {
        var errors = Validate(H.Process, new
        {
            dataset = "in",
            pipeline = new object[]
            {
                new { type = "map" },
                new { type = "filter", field = "amount", op = "between", value = 1 },
                new { type = "filter", field = "region", op = "in", value = "EU" },
                new { type = "transform", field = "id", op = "uppercase" },
                new { type = "transform", field = "name", op = "rename", to = "date" },
                new { type = "aggregate", group_by = new[] { "region" }, metrics = new object[] { new { op = "sum", field = "amount" }, new { op = "avg", field = "amount", @as = "region" } } },
                new { type = "sort", by = new[] { new { field = "amount", order = "down" } } },
                new { type = "filter", field = "amount", op = "exists", group_by = new[] { "x" } },
                new { type = "transform", field = "amount", op = "round", value = 1.5 },
            },
        });

        AssertError(errors, "payload.pipeline[0].type", "must be one of 'filter', 'transform', 'aggregate', 'sort', 'deduplicate'; got 'map'");
        AssertError(errors, "payload.pipeline[1].op", "got 'between'");
        AssertError(errors, "payload.pipeline[2].value", "must be an array of 1–1000 values for 'in'; got 'EU'");
        AssertError(errors, "payload.pipeline[3].field", "cannot be 'id'");
        AssertError(errors, "payload.pipeline[4].to", "must be a new name other than 'id', 'date' and the field itself; got 'date'");
        AssertError(errors, "payload.pipeline[5].metrics[1].as", "names its result 'region'");
        AssertError(errors, "payload.pipeline[6].by[0].order", "must be one of 'asc', 'desc'; got 'down'");
        AssertError(errors, "payload.pipeline[7].group_by", "is not used by a 'filter' step");
        AssertError(errors, "payload.pipeline[8].value", "must be a whole number of decimal places between 0 and 10 for 'round'; got 1.5");
    }

    [Fact]
    public void An_empty_pipeline_is_rejected()
        => AssertError(Validate(H.Process, new { dataset = "in", pipeline = Array.Empty<object>() }), "payload.pipeline", "must have between 1 and 20 steps; got 0");

    [Fact]
    public void A_payload_that_is_not_an_object_is_rejected()
        => AssertError(H.Bulk.Validate(JsonSerializer.SerializeToElement(new[] { 1 })), "payload", "must be a JSON object; got an array");

    [Fact]
    public void Small_bulk_jobs_run_inline_and_everything_else_asynchronously()
    {
        var threshold = TimeSpan.FromSeconds(5);
        JsonElement Bulk(int n) => JsonSerializer.SerializeToElement(new { operation = "delete", entity_type = "user", items = Enumerable.Range(0, n).Select(i => new { id = "u" + i }) });

        Assert.True(H.Bulk.EstimateDuration(Bulk(10)) < threshold);
        Assert.True(H.Bulk.EstimateDuration(Bulk(500)) >= threshold);
        Assert.True(H.Report.EstimateDuration(JsonSerializer.SerializeToElement(Report())) >= threshold);
        Assert.True(H.Export.EstimateDuration(JsonSerializer.SerializeToElement(new { dataset = "s", date_range = new { start = "2024-01-01", end = "2024-01-01" } })) >= threshold);
        Assert.True(H.Process.EstimateDuration(JsonSerializer.SerializeToElement(new { records = new[] { new { id = "r", date = "2024-01-01" } }, pipeline = new[] { new { type = "deduplicate" } } })) >= threshold);
    }
}
