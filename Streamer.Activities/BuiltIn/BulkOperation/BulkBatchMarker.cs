namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>
/// What a batch decided before writing (which items do not exist) and, once done, its result. A retried batch
/// reads it, so it reports the same outcome as the first attempt even though that attempt's deletes already ran.
/// </summary>
/// <param name="Fingerprint">A hash of the batch's operation, type and items; a marker for other items is ignored.</param>
/// <param name="CreatedAt">When the first attempt wrote it; old markers (of an earlier request with the same id) are ignored.</param>
/// <param name="Missing">Ids that did not exist when the first attempt checked (update and delete only).</param>
/// <param name="Result">The batch's result, once its writes are done.</param>
internal sealed record BulkBatchMarker(string Fingerprint, DateTimeOffset CreatedAt, IReadOnlyList<string> Missing, BulkBatchResult? Result);
