using System.Globalization;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>
/// <c>bulk_operation</c>'s part of the <see cref="MemoryBudget"/>. Each chunk's input carries the whole payload (the request
/// orchestration hands the request to every activity it schedules and keeps each input in its history while it runs), so
/// a request holds about chunks × payload: 10,000 items in batches of 1 would be 10,000 copies of a 1 MiB payload. Checked
/// at start against <see cref="MemoryBudget.BulkOperationChunkInputBytes"/>, naming <c>batch_size</c> when a larger one fits.
/// </summary>
internal static class ChunkInputBudget
{
    /// <summary>What a chunk's input adds to the payload (request id, action, owner, the chunk), generously.</summary>
    private const long EnvelopeBytes = 2_048;

    private const double Mebibyte = 1024 * 1024;

    public static void Check(BulkOperationPayload payload, PayloadErrors errors)
    {
        var sizes = new JsonSizes();
        var payloadBytes = EnvelopeBytes + payload.Items.Sum(item => sizes.Of(item) + 1);
        var items = payload.Items.Count;
        long chunks = (items + payload.BatchSize - 1) / payload.BatchSize;
        var carried = chunks * payloadBytes;
        var limit = MemoryBudget.BulkOperationChunkInputBytes;
        if (carried <= limit)
        {
            return;
        }

        var mostChunks = Math.Max(1, limit / payloadBytes);
        var fittingBatch = (items + mostChunks - 1) / mostChunks;
        var (field, advice) = fittingBatch <= BulkOperationHandler.MaxBatchSize
            ? ("batch_size", string.Create(CultureInfo.InvariantCulture, $"a batch_size of {fittingBatch} or more fits"))
            : ("items", string.Create(CultureInfo.InvariantCulture, $"send fewer or smaller items (even in batches of {BulkOperationHandler.MaxBatchSize} they would need {(items + BulkOperationHandler.MaxBatchSize - 1) / BulkOperationHandler.MaxBatchSize * payloadBytes:N0} bytes)"));
        errors.Add(field, string.Create(CultureInfo.InvariantCulture,
            $"splits {items:N0} items into {chunks:N0} chunks of {payload.BatchSize}, and each chunk's input carries the whole payload ({payloadBytes:N0} bytes): {carried:N0} bytes, more than the {limit:N0} bytes ({limit / Mebibyte:0.#} MiB) a request may hold; {advice}"));
    }
}
