namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>One sort key, e.g. <c>{ "field": "amount", "order": "desc" }</c>.</summary>
public sealed class SortKey
{
    /// <summary>The field to sort by (<c>id</c> and <c>date</c> included).</summary>
    public required string Field { get; init; }

    /// <summary><c>asc</c> (the default) or <c>desc</c>. Missing and null values sort first in ascending order.</summary>
    public string Order { get; init; } = "asc";
}
