using System.Globalization;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.GenerateReport;

/// <summary>Splits a date range into report periods: calendar months, quarters or years clipped to the range, or fixed-length windows.</summary>
internal static class ReportPeriods
{
    public const string Monthly = "monthly";
    public const string Quarterly = "quarterly";
    public const string Annual = "annual";
    public const string Custom = "custom";

    public static readonly string[] Types = [Monthly, Quarterly, Annual, Custom];

    public static IReadOnlyList<ReportPeriod> Split(string reportType, DateRange range, int? periodDays = null)
    {
        var periods = new List<ReportPeriod>();
        var start = range.Start;
        while (start <= range.End)
        {
            var (end, label) = reportType switch
            {
                Monthly => (LastDayOfMonth(start), start.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
                Quarterly => (LastDayOfMonth(new DateOnly(start.Year, (((start.Month - 1) / 3) * 3) + 3, 1)), string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}")),
                Annual => (new DateOnly(start.Year, 12, 31), start.Year.ToString(CultureInfo.InvariantCulture)),
                Custom => (start.AddDays((periodDays ?? range.Days) - 1), null!),
                _ => throw new ArgumentException($"Unknown report type '{reportType}'.", nameof(reportType)),
            };
            if (end > range.End)
            {
                end = range.End;
            }

            periods.Add(new ReportPeriod(label ?? $"{DataRow.FormatDate(start)}..{DataRow.FormatDate(end)}", start, end));
            start = end.AddDays(1);
        }

        return periods;
    }

    private static DateOnly LastDayOfMonth(DateOnly day) => new(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));
}
