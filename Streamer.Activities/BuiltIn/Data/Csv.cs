using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Streamer.Activities.BuiltIn.Data;

/// <summary>CSV as RFC 4180 writes it (comma-separated, CRLF line ends, quotes doubled inside quoted cells).</summary>
internal static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Quotes a cell when it holds a comma, a quote or a line break. A text cell that a spreadsheet would run as a
    /// formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) gets a leading apostrophe, the
    /// usual defence against CSV injection; numbers are written as they are, so <c>-5</c> stays a number.
    /// </summary>
    public static string Escape(string value, bool isText = true)
    {
        if (isText && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().ContainsAny(NeedsQuotes) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A cell for a JSON value: text is escaped (and defused), numbers and booleans written as in JSON, null and missing left empty.</summary>
    public static string Cell(JsonElement? value)
        => Escape(JsonValues.ToText(value), isText: value is { ValueKind: JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array });

    /// <summary>Appends one line: the cells, comma-separated, then CRLF.</summary>
    public static void AppendLine(StringBuilder builder, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(cell);
            first = false;
        }

        builder.Append("\r\n");
    }

    /// <summary>The header line for <paramref name="columns"/>.</summary>
    public static string Header(IEnumerable<string> columns)
    {
        var builder = new StringBuilder();
        AppendLine(builder, columns.Select(c => Escape(c)));
        return builder.ToString();
    }

    /// <summary>Appends one row's cells for <paramref name="columns"/> (id and date included when listed).</summary>
    public static void AppendRow(StringBuilder builder, DataRow row, IReadOnlyList<string> columns)
        => AppendLine(builder, columns.Select(column => Cell(row.Get(column))));
}
