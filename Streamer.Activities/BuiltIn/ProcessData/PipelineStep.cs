using System.Text.Json;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// One step of a <c>process_data</c> pipeline. <see cref="Type"/> says which; each type uses only its own fields:
/// <list type="bullet">
/// <item><c>filter</c>: <c>field</c>, <c>op</c> (eq, ne, gt, gte, lt, lte, contains, starts_with, in, exists), <c>value</c> (not for exists).</item>
/// <item><c>transform</c>: <c>field</c>, <c>op</c> (uppercase, lowercase, trim, add, multiply, round, set, rename, remove), <c>value</c> (add, multiply, round, set), <c>to</c> (rename).</item>
/// <item><c>aggregate</c>: <c>group_by</c> (0–10 fields), <c>metrics</c> (1–20).</item>
/// <item><c>sort</c>: <c>by</c> (1–5 keys).</item>
/// <item><c>deduplicate</c>: <c>fields</c> (optional: all fields but id), <c>keep</c> (first or last).</item>
/// </list>
/// </summary>
public sealed class PipelineStep
{
    /// <summary><c>filter</c>, <c>transform</c>, <c>aggregate</c>, <c>sort</c> or <c>deduplicate</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The field a filter tests or a transform changes.</summary>
    public string? Field { get; init; }

    /// <summary>The filter's comparison or the transform's operation.</summary>
    public string? Op { get; init; }

    /// <summary>The operand: what a filter compares with, the number to add or multiply by, the digits to round to, or the value to set.</summary>
    public JsonElement Value { get; init; }

    /// <summary>A rename's new field name.</summary>
    public string? To { get; init; }

    /// <summary>The fields an aggregate groups by; none makes one group of all rows.</summary>
    public IReadOnlyList<string>? GroupBy { get; init; }

    /// <summary>What an aggregate computes per group.</summary>
    public IReadOnlyList<AggregateMetric>? Metrics { get; init; }

    /// <summary>A sort's keys, most significant first.</summary>
    public IReadOnlyList<SortKey>? By { get; init; }

    /// <summary>The fields that make two rows duplicates; by default every field except <c>id</c>.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Which duplicate to keep: <c>first</c> (the default) or <c>last</c>.</summary>
    public string? Keep { get; init; }
}
