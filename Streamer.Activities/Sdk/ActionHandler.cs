using System.Text.Json;

namespace Streamer.Activities.Sdk;

/// <summary>
/// Base class for an action: validate the payload, estimate its duration, split the work into chunks,
/// process one chunk, and combine the chunk results. The generic orchestrator drives it; an action
/// needs no orchestration code. Payloads, chunks and results are JSON with snake_case names (<see cref="HandlerJson"/>).
/// </summary>
/// <typeparam name="TPayload">The payload the client sends.</typeparam>
/// <typeparam name="TChunk">One unit of work; it must survive a JSON round trip.</typeparam>
/// <typeparam name="TChunkResult">What processing one chunk produces.</typeparam>
/// <typeparam name="TOutput">The request's output.</typeparam>
public abstract class ActionHandler<TPayload, TChunk, TChunkResult, TOutput> : IActionHandler
    where TPayload : class
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public virtual ChunkExecution Execution => ChunkExecution.Sequential;

    /// <summary>
    /// A payload this action accepts, written as the client would send it (snake_case JSON); null (the default) offers
    /// none. Shown to people trying the action, so keep it small, valid and runnable as it is.
    /// </summary>
    public virtual JsonElement? Example => null;

    /// <summary>Checks what the type system cannot (ranges, combinations); add one error per broken rule, naming the field.</summary>
    protected virtual void Validate(TPayload payload, PayloadErrors errors)
    {
    }

    /// <summary>How long the work will take; the default (one minute) always runs asynchronously.</summary>
    protected virtual TimeSpan EstimateDuration(TPayload payload) => TimeSpan.FromMinutes(1);

    /// <summary>Splits the work into chunks.</summary>
    protected abstract Task<IReadOnlyList<TChunk>> PlanAsync(ActionRequest request, TPayload payload, CancellationToken cancellationToken);

    /// <summary>
    /// Processes one chunk; must be idempotent because a chunk can run more than once. The <paramref name="payload"/> object
    /// is read once per host and shared by the request's chunks, some of which may run at the same time: do not change it.
    /// Keep the result small (a count, a few ids): a result over 512 bytes of JSON is stored in a blob rather than in the
    /// orchestration's history, which costs a write here and a read in finalize (docs/cost.md).
    /// </summary>
    protected abstract Task<TChunkResult> ProcessChunkAsync(TPayload payload, TChunk chunk, ChunkContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Combines the chunk results into the output. They arrive in plan order, read from storage one at a time: fold them
    /// (<c>await foreach</c>, or <c>System.Linq.AsyncEnumerable</c>'s <c>SumAsync</c>, <c>ToListAsync</c> when they are few).
    /// </summary>
    protected abstract Task<TOutput> FinalizeAsync(ActionRequest request, TPayload payload, IAsyncEnumerable<TChunkResult> chunkResults, CancellationToken cancellationToken);

    IReadOnlyList<ValidationError> IActionHandler.Validate(JsonElement payload)
    {
        if (!PayloadReader.TryRead<TPayload>(payload, out var typed, out var error))
        {
            return [error!];
        }

        var errors = new PayloadErrors();
        Validate(typed!, errors);
        return errors.Errors;
    }

    TimeSpan IActionHandler.EstimateDuration(JsonElement payload) => EstimateDuration(Read(payload));

    async Task<IReadOnlyList<JsonElement>> IActionHandler.PlanAsync(ActionRequest request, RequestPayload payload, CancellationToken cancellationToken)
    {
        var chunks = await PlanAsync(request, Typed(payload), cancellationToken);
        return [.. chunks.Select(HandlerJson.ToElement)];
    }

    async Task<JsonElement> IActionHandler.ProcessChunkAsync(RequestPayload payload, JsonElement chunk, ChunkContext context, CancellationToken cancellationToken)
        => HandlerJson.ToElement(await ProcessChunkAsync(Typed(payload), HandlerJson.FromElement<TChunk>(chunk), context, cancellationToken));

    async Task<JsonElement> IActionHandler.FinalizeAsync(ActionRequest request, RequestPayload payload, IAsyncEnumerable<JsonElement> chunkResults, CancellationToken cancellationToken)
        => HandlerJson.ToElement(await FinalizeAsync(request, Typed(payload), chunkResults.Select(HandlerJson.FromElement<TChunkResult>), cancellationToken));

    private static TPayload Read(JsonElement payload) => HandlerJson.FromElement<TPayload>(payload);

    private static TPayload Typed(RequestPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.As(Read);
    }
}
