using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>Writes a report as JSON, CSV (one line per period, then a total line) or a self-contained HTML page.</summary>
internal static class ReportRenderer
{
    private static readonly JsonSerializerOptions IndentedJson = new(HandlerJson.Options) { WriteIndented = true };

    private static readonly string[] Columns = ["period", "start", "end", "count", "value_count", "sum", "avg", "min", "max"];

    public static string Render(ReportDocument report, string format) => format switch
    {
        FileFormats.Csv => RenderCsv(report),
        FileFormats.Html => RenderHtml(report),
        _ => JsonSerializer.Serialize(report, IndentedJson) + "\n",
    };

    public static string RenderCsv(ReportDocument report)
    {
        var builder = new StringBuilder(Csv.Header(Columns));
        foreach (var stats in report.Periods.Append(report.Totals))
        {
            Csv.AppendLine(builder, Cells(stats).Select((cell, i) => Csv.Escape(cell, isText: i == 0)));
        }

        return builder.ToString();
    }

    public static string RenderHtml(ReportDocument report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(report.Title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}tfoot td{font-weight:bold}</style>\n")
            .Append("</head>\n<body>\n<h1>").Append(WebUtility.HtmlEncode(report.Title)).Append("</h1>\n<p>")
            .Append(WebUtility.HtmlEncode(string.Create(CultureInfo.InvariantCulture, $"{report.ReportType} report of '{report.Dataset}' from {DataRow.FormatDate(report.DateRange.Start)} to {DataRow.FormatDate(report.DateRange.End)}")))
            .Append(report.ValueField is null ? string.Empty : WebUtility.HtmlEncode($", values from '{report.ValueField}'"))
            .Append(". Generated ").Append(report.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)).Append(".</p>\n<table>\n<thead><tr>");
        foreach (var column in Columns)
        {
            html.Append("<th>").Append(column).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var stats in report.Periods)
        {
            AppendRow(html, stats);
        }

        html.Append("</tbody>\n<tfoot>\n");
        AppendRow(html, report.Totals);
        html.Append("</tfoot>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendRow(StringBuilder html, PeriodStats stats)
    {
        html.Append("<tr>");
        foreach (var cell in Cells(stats))
        {
            html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
        }

        html.Append("</tr>\n");
    }

    private static IEnumerable<string> Cells(PeriodStats stats) =>
    [
        stats.Label,
        DataRow.FormatDate(stats.Start),
        DataRow.FormatDate(stats.End),
        stats.Count.ToString(CultureInfo.InvariantCulture),
        stats.ValueCount.ToString(CultureInfo.InvariantCulture),
        Number(stats.Sum),
        Number(stats.Avg),
        Number(stats.Min),
        Number(stats.Max),
    ];

    private static string Number(decimal? value) => value is { } number ? number.ToString(CultureInfo.InvariantCulture) : string.Empty;
}
