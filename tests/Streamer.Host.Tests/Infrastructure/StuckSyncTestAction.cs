using Streamer.Activities.Sdk;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>A test-only action that claims to be instant (so it runs inline) but never finishes until its token fires.</summary>
public sealed class StuckSyncTestAction : ActionHandler<GatedTestPayload, int, int, int>
{
    /// <summary>The action name.</summary>
    public const string ActionName = "stuck_sync_test";

    /// <inheritdoc />
    public override string Name => ActionName;

    /// <inheritdoc />
    protected override TimeSpan EstimateDuration(GatedTestPayload payload) => TimeSpan.Zero;

    /// <inheritdoc />
    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, GatedTestPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([0]);

    /// <inheritdoc />
    protected override async Task<int> ProcessChunkAsync(GatedTestPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return chunk;
    }

    /// <inheritdoc />
    protected override async Task<int> FinalizeAsync(ActionRequest request, GatedTestPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => await chunkResults.CountAsync(cancellationToken);
}
