using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.BuiltIn.GenerateReport;

namespace Streamer.Activities.Tests.BuiltIn;

public sealed class ReportPeriodsTests
{
    private static DateRange Range(string start, string end) => new() { Start = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), End = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture) };

    private static string[] Describe(IEnumerable<ReportPeriod> periods) => [.. periods.Select(p => $"{p.Label}:{DataRow.FormatDate(p.Start)}..{DataRow.FormatDate(p.End)}")];

    [Fact]
    public void Monthly_periods_are_calendar_months_clipped_to_the_range()
        => Assert.Equal(
            ["2024-01:2024-01-15..2024-01-31", "2024-02:2024-02-01..2024-02-29", "2024-03:2024-03-01..2024-03-10"],
            Describe(ReportPeriods.Split("monthly", Range("2024-01-15", "2024-03-10"))));

    [Fact]
    public void Quarterly_periods_are_calendar_quarters()
        => Assert.Equal(
            ["2023-Q4:2023-11-20..2023-12-31", "2024-Q1:2024-01-01..2024-03-31", "2024-Q2:2024-04-01..2024-05-02"],
            Describe(ReportPeriods.Split("quarterly", Range("2023-11-20", "2024-05-02"))));

    [Fact]
    public void Annual_periods_split_at_new_year()
        => Assert.Equal(
            ["2023:2023-07-01..2023-12-31", "2024:2024-01-01..2024-06-30"],
            Describe(ReportPeriods.Split("annual", Range("2023-07-01", "2024-06-30"))));

    [Fact]
    public void Custom_periods_are_fixed_windows_with_a_shorter_last_one()
        => Assert.Equal(
            ["2024-01-01..2024-01-07:2024-01-01..2024-01-07", "2024-01-08..2024-01-14:2024-01-08..2024-01-14", "2024-01-15..2024-01-17:2024-01-15..2024-01-17"],
            Describe(ReportPeriods.Split("custom", Range("2024-01-01", "2024-01-17"), 7)));

    [Fact]
    public void A_custom_report_without_period_days_is_one_period()
        => Assert.Single(ReportPeriods.Split("custom", Range("2024-01-01", "2024-12-31")));

    [Fact]
    public void A_full_leap_year_has_twelve_months_and_periods_cover_every_day_once()
    {
        var range = Range("2024-01-01", "2024-12-31");

        var months = ReportPeriods.Split("monthly", range);

        Assert.Equal(12, months.Count);
        Assert.Equal(366, months.Sum(p => p.End.DayNumber - p.Start.DayNumber + 1));
        Assert.All(months.Zip(months.Skip(1)), pair => Assert.Equal(pair.First.End.AddDays(1), pair.Second.Start));
    }

    [Fact]
    public void A_single_day_is_one_period()
        => Assert.Equal(["2024-02:2024-02-29..2024-02-29"], Describe(ReportPeriods.Split("monthly", Range("2024-02-29", "2024-02-29"))));
}
