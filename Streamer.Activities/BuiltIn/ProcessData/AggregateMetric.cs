namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>One value an aggregate computes per group, e.g. <c>{ "op": "sum", "field": "amount", "as": "total" }</c>.</summary>
public sealed class AggregateMetric
{
    /// <summary><c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c> or <c>max</c>.</summary>
    public required string Op { get; init; }

    /// <summary>The field to compute over; required except for <c>count</c> (which then counts rows).</summary>
    public string? Field { get; init; }

    /// <summary>The output field's name; by default <c>count</c> or <c>{op}_{field}</c>.</summary>
    public string? As { get; init; }

    /// <summary>The name the result gets.</summary>
    internal string OutputName => As ?? (Field is null ? Op : $"{Op}_{Field}");
}
