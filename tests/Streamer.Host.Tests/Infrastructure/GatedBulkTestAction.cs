using System.Text.Json;
using Streamer.Activities.BuiltIn.BulkOperation;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Sdk;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// The real <c>bulk_operation</c> with a gate before its second batch, so a test can stop a request that has left work
/// blobs (the first batch's marker) but not finished: payload <c>{ "bulk": { …bulk_operation's payload… }, "fail_at_gate": false }</c>.
/// At the gate (see <see cref="GatedTestRegistry"/>, chunk 1 records <see cref="GatedChunkEvent.Started"/>) the chunk
/// either waits for the test to release it or, with <c>fail_at_gate</c>, rejects the payload so the request fails.
/// Batches run one at a time, so the first batch has written its marker when the second reaches the gate.
/// </summary>
public sealed class GatedBulkTestAction(BuiltInStorage storage) : IActionHandler
{
    /// <summary>The action name.</summary>
    public const string ActionName = "gated_bulk_test";

    private readonly IActionHandler _bulk = new BulkOperationHandler(storage, TimeProvider.System);

    /// <inheritdoc />
    public string Name => ActionName;

    /// <inheritdoc />
    public ChunkExecution Execution => ChunkExecution.Sequential;

    /// <inheritdoc />
    public IReadOnlyList<ValidationError> Validate(JsonElement payload)
        => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("bulk", out var bulk)
            ? _bulk.Validate(bulk)
            : [new ValidationError("payload.bulk", "is required: a bulk_operation payload")];

    /// <summary>Always asynchronous, however few the items.</summary>
    public TimeSpan EstimateDuration(JsonElement payload) => TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public Task<IReadOnlyList<JsonElement>> PlanAsync(ActionRequest request, RequestPayload payload, CancellationToken cancellationToken)
        => _bulk.PlanAsync(request, Bulk(payload), cancellationToken);

    /// <inheritdoc />
    public async Task<JsonElement> ProcessChunkAsync(RequestPayload payload, JsonElement chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Index == 1)
        {
            var run = GatedTestRegistry.For(context.Request.RequestId);
            run.Record(1, GatedChunkEvent.Started);
            if (payload.Json.TryGetProperty("fail_at_gate", out var fail) && fail.GetBoolean())
            {
                throw new PayloadRejectedException("payload.fail_at_gate: the second batch was asked to fail");
            }

            await run.Gate(1).WaitAsync(cancellationToken);
        }

        return await _bulk.ProcessChunkAsync(Bulk(payload), chunk, context, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JsonElement> FinalizeAsync(ActionRequest request, RequestPayload payload, IAsyncEnumerable<JsonElement> chunkResults, CancellationToken cancellationToken)
        => _bulk.FinalizeAsync(request, Bulk(payload), chunkResults, cancellationToken);

    /// <summary>The wrapped bulk_operation payload, made once per shared payload like the handler's own typed copy.</summary>
    private static RequestPayload Bulk(RequestPayload payload) => payload.As(json => new RequestPayload(json.GetProperty("bulk")));
}
