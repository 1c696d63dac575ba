namespace Streamer.Durable;

/// <summary>One page of results.</summary>
/// <param name="Values">The items on this page.</param>
/// <param name="ContinuationToken">Pass to the next query for the next page; null when this is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Values, string? ContinuationToken);
