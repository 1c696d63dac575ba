namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary><c>bulk_operation</c>'s output: counts and the items that failed.</summary>
/// <param name="Operation">The operation applied.</param>
/// <param name="EntityType">The entity type.</param>
/// <param name="Requested">How many items the payload had.</param>
/// <param name="Succeeded">How many were applied.</param>
/// <param name="Failed">How many were not.</param>
/// <param name="Batches">How many table transactions (chunks) the work took.</param>
/// <param name="Failures">The failed items, in item order (at most 1,000 listed).</param>
/// <param name="FailuresTruncated">Whether more items failed than <paramref name="Failures"/> lists.</param>
public sealed record BulkOperationOutput(
    string Operation,
    string EntityType,
    int Requested,
    int Succeeded,
    int Failed,
    int Batches,
    IReadOnlyList<BulkItemFailure> Failures,
    bool FailuresTruncated);
