using Streamer.Activities.Sdk;

namespace Streamer.Bench.HostHook;

/// <summary>
/// <c>bench_cost</c>: <see cref="BenchCostPayload.Chunks"/> chunks, one at a time, that do nothing, so what a request
/// costs per chunk (time, storage calls, history) is the engine's alone; the payload's <see cref="BenchCostPayload.Text"/>
/// only makes the request as large as the cell of the cost figure asks. Always asynchronous.
/// </summary>
internal sealed class BenchCostHandler : ActionHandler<BenchCostPayload, int, int, IReadOnlyDictionary<string, int>>
{
    public override string Name => "bench_cost";

    protected override void Validate(BenchCostPayload payload, PayloadErrors errors)
        => errors.InRange(payload.Chunks, 1, 10_000, "chunks");

    // Far above any sync threshold: the figure measures the durable path even for a single chunk.
    protected override TimeSpan EstimateDuration(BenchCostPayload payload) => TimeSpan.FromHours(1);

    protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, BenchCostPayload payload, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<int>>([.. Enumerable.Range(0, payload.Chunks)]);

    protected override Task<int> ProcessChunkAsync(BenchCostPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
        => Task.FromResult(chunk);

    protected override async Task<IReadOnlyDictionary<string, int>> FinalizeAsync(ActionRequest request, BenchCostPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
        => new Dictionary<string, int> { ["chunks"] = await chunkResults.CountAsync(cancellationToken) };
}
