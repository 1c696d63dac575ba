using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.ProcessData;

namespace Streamer.Activities.Tests.BuiltIn;

public sealed class PipelineTests
{
    private static readonly IReadOnlyList<DataRow> Sales =
    [
        Row("s1", "2024-01-05", new { region = "eu", product = "pen", amount = 10.1, qty = 1 }),
        Row("s2", "2024-01-07", new { region = "us", product = "pen", amount = 20.2, qty = 2 }),
        Row("s3", "2024-02-01", new { region = "eu", product = "ink", amount = 5, qty = 3 }),
        Row("s4", "2024-02-03", new { region = "EU ", product = "pen", amount = -1 }),
        Row("s5", "2024-03-09", new { region = "us", product = "pen", amount = 20.2, qty = 2 }),
    ];

    private static DataRow Row(string id, string date, object fields)
    {
        var values = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in JsonSerializer.SerializeToElement(fields).EnumerateObject())
        {
            values[property.Name] = property.Value.Clone();
        }

        return new DataRow(id, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), values);
    }

    private static PipelineStep Step(object step) => JsonSerializer.Deserialize<PipelineStep>(JsonSerializer.Serialize(step), Streamer.Activities.Sdk.HandlerJson.Options)!;

    private static IReadOnlyList<DataRow> Run(params object[] steps) => Pipeline.Run(Sales, [.. steps.Select(Step)], null, CancellationToken.None);

    private static string[] Ids(IEnumerable<DataRow> rows) => [.. rows.Select(r => r.Id)];

    [Theory]
    [InlineData("eq", "\"pen\"", "product", new[] { "s1", "s2", "s4", "s5" })]
    [InlineData("ne", "\"pen\"", "product", new[] { "s3" })]
    [InlineData("gt", "10.1", "amount", new[] { "s2", "s5" })]
    [InlineData("gte", "10.1", "amount", new[] { "s1", "s2", "s5" })]
    [InlineData("lt", "5", "amount", new[] { "s4" })]
    [InlineData("lte", "5.0", "amount", new[] { "s3", "s4" })]
    [InlineData("gte", "\"2024-02-01\"", "date", new[] { "s3", "s4", "s5" })]
    [InlineData("contains", "\"n\"", "product", new[] { "s1", "s2", "s3", "s4", "s5" })]
    [InlineData("starts_with", "\"s\"", "id", new[] { "s1", "s2", "s3", "s4", "s5" })]
    [InlineData("in", "[\"us\", \"EU \"]", "region", new[] { "s2", "s4", "s5" })]
    [InlineData("eq", "2", "qty", new[] { "s2", "s5" })]
    public void Filter_compares_as_documented(string op, string value, string field, string[] expected)
    {
        var result = Run(new { type = "filter", field, op, value = JsonDocument.Parse(value).RootElement });

        Assert.Equal(expected, Ids(result));
    }

    [Fact]
    public void Filter_exists_skips_rows_without_the_field_and_gt_never_matches_across_types()
    {
        Assert.Equal(["s1", "s2", "s3", "s5"], Ids(Run(new { type = "filter", field = "qty", op = "exists" })));
        Assert.Empty(Run(new { type = "filter", field = "product", op = "gt", value = 1 }));
    }

    [Fact]
    public void Transforms_change_fields_but_leave_the_input_rows_alone()
    {
        var result = Run(
            new { type = "transform", field = "region", op = "trim" },
            new { type = "transform", field = "region", op = "uppercase" },
            new { type = "transform", field = "amount", op = "multiply", value = 3 },
            new { type = "transform", field = "qty", op = "add", value = 0.5 },
            new { type = "transform", field = "product", op = "rename", to = "item" },
            new { type = "transform", field = "note", op = "set", value = "checked" });

        var first = result[0];
        Assert.Equal("EU", first.Fields["region"].GetString());
        Assert.Equal("30.3", first.Fields["amount"].GetRawText());
        Assert.Equal("1.5", first.Fields["qty"].GetRawText());
        Assert.Equal(["region", "item", "amount", "qty", "note"], first.Fields.Keys);
        Assert.Equal("EU", result[3].Fields["region"].GetString());
        Assert.Equal("eu", Sales[0].Fields["region"].GetString());
        Assert.True(Sales[0].Fields.ContainsKey("product"));
    }

    [Fact]
    public void Round_and_remove_transform_numbers_and_drop_fields()
    {
        var result = Run(
            new { type = "transform", field = "amount", op = "multiply", value = 1.005 },
            new { type = "transform", field = "amount", op = "round", value = 1 },
            new { type = "transform", field = "qty", op = "remove" });

        Assert.Equal(["10.2", "20.3", "5", "-1", "20.3"], result.Select(r => r.Fields["amount"].GetRawText()));
        Assert.All(result, row => Assert.False(row.Fields.ContainsKey("qty")));
    }

    [Fact]
    public void Transforms_leave_values_of_another_type_as_they_are()
    {
        var result = Run(new { type = "transform", field = "product", op = "multiply", value = 2 }, new { type = "transform", field = "amount", op = "uppercase" });

        Assert.Equal("pen", result[0].Fields["product"].GetString());
        Assert.Equal("10.1", result[0].Fields["amount"].GetRawText());
    }

    [Fact]
    public void Aggregate_makes_one_row_per_group_with_stable_ids_and_the_latest_date()
    {
        var result = Run(new
        {
            type = "aggregate",
            group_by = new[] { "region", "product" },
            metrics = new object[]
            {
                new { op = "count" },
                new { op = "sum", field = "amount", @as = "total" },
                new { op = "avg", field = "qty" },
                new { op = "min", field = "amount" },
                new { op = "max", field = "date", @as = "last_sale" },
            },
        });

        Assert.Equal(["eu|pen", "us|pen", "eu|ink", "EU%20|pen"], Ids(result));
        var us = result[1];
        Assert.Equal(new DateOnly(2024, 3, 9), us.Date);
        Assert.Equal(["region", "product", "count", "total", "avg_qty", "min_amount", "last_sale"], us.Fields.Keys);
        Assert.Equal("2", us.Fields["count"].GetRawText());
        Assert.Equal("40.4", us.Fields["total"].GetRawText());
        Assert.Equal("2", us.Fields["avg_qty"].GetRawText());
        Assert.Equal("\"2024-03-09\"", us.Fields["last_sale"].GetRawText());
        Assert.Equal(JsonValueKind.Null, result[3].Fields["avg_qty"].ValueKind);
    }

    [Fact]
    public void Aggregate_without_group_by_makes_a_single_row_named_all()
    {
        var result = Run(new { type = "aggregate", metrics = new object[] { new { op = "sum", field = "amount" }, new { op = "count", field = "qty" } } });

        var all = Assert.Single(result);
        Assert.Equal("all", all.Id);
        Assert.Equal("54.5", all.Fields["sum_amount"].GetRawText());
        Assert.Equal("4", all.Fields["count_qty"].GetRawText());
    }

    [Fact]
    public void Group_ids_are_valid_row_keys_and_unique_even_when_values_print_alike()
    {
        IReadOnlyList<DataRow> rows = [Row("a", "2024-01-01", new { k = "5" }), Row("b", "2024-01-01", new { k = 5 }), Row("c", "2024-01-01", new { k = "a/b?#" }), Row("d", "2024-01-01", new { x = 1 })];

        var result = Pipeline.Run(rows, [Step(new { type = "aggregate", group_by = new[] { "k" }, metrics = new[] { new { op = "count" } } })], null, CancellationToken.None);

        Assert.Equal(["5", "5~2", "a%2Fb%3F%23", "~"], Ids(result));
        Assert.All(result, row => Assert.True(DataRules.IsValidId(row.Id), row.Id));
    }

    [Fact]
    public void Sort_orders_by_several_keys_stably_with_missing_values_first()
    {
        var result = Run(new { type = "sort", by = new object[] { new { field = "qty" }, new { field = "amount", order = "desc" } } });

        Assert.Equal(["s4", "s1", "s2", "s5", "s3"], Ids(result));
    }

    [Fact]
    public void Deduplicate_keeps_the_first_or_the_last_occurrence()
    {
        Assert.Equal(["s1", "s2", "s3", "s4"], Ids(Run(new { type = "deduplicate", fields = new[] { "region", "product" } })));
        Assert.Equal(["s1", "s3", "s4", "s5"], Ids(Run(new { type = "deduplicate", fields = new[] { "region", "product" }, keep = "last" })));
        Assert.Equal(["s1", "s2", "s3", "s4", "s5"], Ids(Run(new { type = "deduplicate" })));
    }

    [Fact]
    public void Deduplicate_by_default_ignores_only_the_id()
    {
        IReadOnlyList<DataRow> rows = [Row("a", "2024-01-01", new { x = 1, y = 2 }), Row("b", "2024-01-01", new { y = 2, x = 1.0 }), Row("c", "2024-01-02", new { x = 1, y = 2 })];

        var result = Pipeline.Run(rows, [Step(new { type = "deduplicate" })], null, CancellationToken.None);

        Assert.Equal(["a", "c"], Ids(result));
    }

    [Fact]
    public void Columns_are_id_date_then_fields_in_order_of_first_appearance()
        => Assert.Equal(["id", "date", "region", "product", "amount", "qty"], Pipeline.Columns(Sales));

    [Fact]
    public void The_same_input_always_gives_the_same_output()
    {
        object[] steps = [new { type = "sort", by = new[] { new { field = "amount" } } }, new { type = "deduplicate", fields = new[] { "amount" } }];

        var first = Run(steps).Select(r => r.ToJsonText());
        var second = Run(steps).Select(r => r.ToJsonText());

        Assert.Equal(first, second);
    }
}
