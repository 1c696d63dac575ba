using Streamer.Activities.Sdk;

namespace Streamer.Functions.Tests;

/// <summary>A durable test action whose one chunk runs until the request is cancelled, so a cancel never races its end.</summary>
public sealed class UntilCanceledAction : ActionHandler<UntilCanceledAction.Payload, int, int, int>
{
    public const string ActionName = "until_canceled_test";

    public override string Name => ActionName;

    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, Payload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([0]);

    protected override async Task<int> ProcessChunkAsync(Payload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        context.Progress.Report(10, "waiting to be cancelled");
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return chunk;
    }

    protected override async Task<int> FinalizeAsync(ActionRequest request, Payload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => await chunkResults.CountAsync(cancellationToken);

    /// <summary>No fields.</summary>
    public sealed record Payload;
}
