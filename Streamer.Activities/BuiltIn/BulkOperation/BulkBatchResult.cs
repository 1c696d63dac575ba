namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>What one batch did.</summary>
/// <param name="Succeeded">Items applied.</param>
/// <param name="Failures">Items not applied, with the reason, in item order.</param>
public sealed record BulkBatchResult(int Succeeded, IReadOnlyList<BulkItemFailure> Failures);
