using System.Globalization;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>
/// The data set every user has: <c>sample_sales</c>, one sale a day through 2024 with a <c>region</c> and an
/// <c>amount</c>, written for a user the first time one of their requests names it. The built-in actions' examples
/// read it, so each of them works on fresh storage as offered. Its content is fixed, so seeding twice (two requests
/// at once) writes the same rows.
/// </summary>
internal static class SampleDataSet
{
    public const string Name = "sample_sales";

    public static IReadOnlyList<string> Columns { get; } = ["region", "amount"];

    /// <summary>When the sample was last changed, recorded as the data set's update time.</summary>
    public static DateTimeOffset PublishedAt { get; } = new(2024, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Regions = ["north", "south", "east", "west"];

    public static IReadOnlyList<DataRow> Rows { get; } = [.. Enumerable.Range(0, 366).Select(Row)];

    private static DataRow Row(int day)
    {
        var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["region"] = JsonSerializer.SerializeToElement(Regions[day % Regions.Length]),
            ["amount"] = JsonSerializer.SerializeToElement(Math.Round(40 + ((day * 37) % 160) + (day % 4 * 0.25), 2)),
        };
        return new DataRow("sale-" + (day + 1).ToString("D3", CultureInfo.InvariantCulture), new DateOnly(2024, 1, 1).AddDays(day), fields);
    }
}
