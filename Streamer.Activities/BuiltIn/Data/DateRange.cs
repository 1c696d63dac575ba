namespace Streamer.Activities.BuiltIn.Data;

/// <summary>An inclusive range of calendar dates, as payloads write it: <c>{ "start": "2024-01-01", "end": "2024-03-31" }</c>.</summary>
public sealed class DateRange
{
    /// <summary>The first day in the range.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>The last day in the range (inclusive).</summary>
    public required DateOnly End { get; init; }

    /// <summary>How many days the range covers, both ends included (a range of one day has 1).</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;
}
