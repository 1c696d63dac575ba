using Streamer.Activities.Sdk;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// A test-only asynchronous action whose chunks record when they start, finish or see their cancellation token,
/// and wait on a gate the test opens (<see cref="GatedTestRegistry"/>), so a test decides exactly which chunks run.
/// </summary>
public sealed class GatedTestAction : ActionHandler<GatedTestPayload, int, int, GatedTestOutput>
{
    /// <summary>The action name.</summary>
    public const string ActionName = "gated_test";

    /// <summary>The most chunks a payload may ask for.</summary>
    public const int MaxChunks = 20;

    /// <inheritdoc />
    public override string Name => ActionName;

    /// <inheritdoc />
    protected override void Validate(GatedTestPayload payload, PayloadErrors errors)
        => errors.InRange(payload.Chunks, 1, MaxChunks, "chunks");

    /// <inheritdoc />
    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, GatedTestPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([.. Enumerable.Range(0, payload.Chunks)]);

    /// <inheritdoc />
    protected override async Task<int> ProcessChunkAsync(GatedTestPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        var run = GatedTestRegistry.For(context.Request.RequestId);
        run.Record(chunk, GatedChunkEvent.Started);
        if (chunk == payload.FailChunk)
        {
            throw new PayloadRejectedException($"payload.fail_chunk: chunk {chunk} was asked to fail");
        }

        context.Progress.Report(0, $"Chunk {chunk} waiting at its gate");
        try
        {
            await run.Gate(chunk).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Record(chunk, GatedChunkEvent.Canceled);
            throw;
        }

        run.Record(chunk, GatedChunkEvent.Finished);
        return chunk;
    }

    /// <inheritdoc />
    protected override async Task<GatedTestOutput> FinalizeAsync(ActionRequest request, GatedTestPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => new GatedTestOutput(await chunkResults.CountAsync(cancellationToken));
}
