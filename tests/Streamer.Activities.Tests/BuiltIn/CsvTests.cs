using System.Text;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.Tests.BuiltIn;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\r\nlf", "\"cr\r\nlf\"")]
    [InlineData("", "")]
    public void Cells_are_quoted_only_when_needed_and_quotes_are_doubled(string value, string expected)
        => Assert.Equal(expected, Csv.Escape(value));

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("=1,2", "\"'=1,2\"")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_defused(string value, string expected)
        => Assert.Equal(expected, Csv.Escape(value));

    [Fact]
    public void Json_values_become_cells_numbers_as_numbers_and_null_as_empty()
    {
        static string Cell(string json) => Csv.Cell(JsonDocument.Parse(json).RootElement);

        Assert.Equal("-2.5", Cell("-2.5"));
        Assert.Equal("true", Cell("true"));
        Assert.Equal(string.Empty, Cell("null"));
        Assert.Equal(string.Empty, Csv.Cell(null));
        Assert.Equal("\"{\"\"a\"\":1}\"", Cell("{\"a\":1}"));
        Assert.Equal("'-x", Cell("\"-x\""));
    }

    [Fact]
    public void Rows_follow_the_columns_and_end_with_crlf()
    {
        var row = new DataRow("r1", new DateOnly(2024, 1, 2), new OrderedDictionary<string, JsonElement> { ["name"] = JsonValues.FromString("Ann, B"), ["n"] = JsonSerializer.SerializeToElement(3) });
        var builder = new StringBuilder(Csv.Header(["id", "date", "n", "missing", "name"]));

        Csv.AppendRow(builder, row, ["id", "date", "n", "missing", "name"]);

        Assert.Equal("id,date,n,missing,name\r\nr1,2024-01-02,3,,\"Ann, B\"\r\n", builder.ToString());
    }
}
