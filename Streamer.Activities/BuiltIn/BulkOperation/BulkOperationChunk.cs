namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>One batch: <paramref name="Count"/> items from <paramref name="Start"/>, applied as one table transaction.</summary>
/// <param name="Index">The batch's number, from 0.</param>
/// <param name="Start">The position of its first item in <c>payload.items</c>.</param>
/// <param name="Count">How many items it has (at most <c>batch_size</c>).</param>
public sealed record BulkOperationChunk(int Index, int Start, int Count);
