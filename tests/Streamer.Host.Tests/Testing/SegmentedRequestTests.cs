using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Api.Requests;
using Streamer.Testing;

namespace Streamer.Host.Tests.Testing;

/// <summary>
/// A request longer than one segment (docs/cost.md) runs as several executions of its orchestration: each plan segment
/// runs once, the results reach finalize in plan order whether they were inline or stored, progress only goes forward,
/// the payload is read once, and a cancel in a later execution still ends the request Canceled.
/// </summary>
public sealed class SegmentedRequestTests
{
    private const int SegmentSize = 3;

    [Fact]
    public async Task Ten_chunks_in_segments_of_three_finalize_every_result_in_plan_order_small_and_stored_alike()
    {
        var handler = new IndexedHandler();
        await using var host = await StartAsync(handler);

        var run = await host.RunAsync(IndexedHandler.ActionName, new { chunks = 10, padding = new string('x', 2_000) });

        Assert.Equal(RequestRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 10), run.OutputAs<int[]>());

        // Every chunk ran exactly once (no segment replanned or rerun), and all shared one typed payload: read once.
        Assert.Equal(Enumerable.Range(0, 10), handler.Processed.Order());
        Assert.Single(handler.Payloads.Distinct(ReferenceEqualityComparer.Instance));
        var percentages = run.Progress.Select(p => p.Percentage).ToList();
        Assert.Equal(percentages.Order(), percentages);
        Assert.Equal(100, percentages[^1]);
    }

    [Fact]
    public async Task Odd_chunks_return_results_too_large_to_inline_and_they_are_stored_not_kept_in_the_history()
    {
        var handler = new IndexedHandler();
        await using var host = await StartAsync(handler);

        var id = await host.StartAsync(IndexedHandler.ActionName, new { chunks = 4, padding = new string('x', 2_000) });
        var run = await host.WaitAsync(id);

        Assert.Equal(RequestRuntimeStatus.Completed, run.RuntimeStatus);
        var store = host.Services.GetRequiredService<IRequestDataStore>();
        for (var index = 0; index < 4; index++)
        {
            var stored = await store.ReadAsync(id, $"results/chunk-{index:D6}.json", CancellationToken.None);
            Assert.Equal(index % 2 == 1, stored is not null);
        }

        // The one full segment before the last was saved as refs; the last reached finalize in its input.
        Assert.NotNull(await store.ReadAsync(id, "results/segment-00000.json", CancellationToken.None));
        Assert.Null(await store.ReadAsync(id, "results/segment-00001.json", CancellationToken.None));
    }

    [Fact]
    public async Task A_cancel_during_the_third_segment_ends_the_request_canceled_and_runs_no_later_chunk()
    {
        var handler = new IndexedHandler { WaitAt = 7 };
        await using var host = await StartAsync(handler);

        var id = await host.StartAsync(IndexedHandler.ActionName, new { chunks = 12, padding = "" });
        await handler.Waiting.Task.WaitAsync(host.Timeout);
        await host.CancelAsync(id);
        var run = await host.WaitAsync(id);

        Assert.Equal(RequestRuntimeStatus.Canceled, run.RuntimeStatus);
        Assert.DoesNotContain(handler.Processed, i => i > 7);
    }

    private static Task<ActionTestHost> StartAsync(IndexedHandler handler)
        => ActionTestHost.StartAsync(services => services
            .AddSingleton<IActionHandler>(handler)
            .Configure<ChunkOptions>(options => options.ChunksPerSegment = SegmentSize));

    public sealed record IndexedPayload(int Chunks, string Padding);

    public sealed record IndexedResult(int Index, string Padding);

    /// <summary>One chunk per index; odd chunks return the payload's padding too, which makes their result too large to inline.</summary>
    private sealed class IndexedHandler : ActionHandler<IndexedPayload, int, IndexedResult, int[]>
    {
        public const string ActionName = "indexed";

        public int WaitAt { get; init; } = -1;

        public ConcurrentBag<int> Processed { get; } = [];

        public ConcurrentBag<IndexedPayload> Payloads { get; } = [];

        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string Name => ActionName;

        protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, IndexedPayload payload, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<int>>([.. Enumerable.Range(0, payload.Chunks)]);

        protected override async Task<IndexedResult> ProcessChunkAsync(IndexedPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
        {
            Processed.Add(chunk);
            Payloads.Add(payload);
            if (chunk == WaitAt)
            {
                Waiting.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new IndexedResult(chunk, chunk % 2 == 1 ? payload.Padding : string.Empty);
        }

        protected override async Task<int[]> FinalizeAsync(ActionRequest request, IndexedPayload payload, IAsyncEnumerable<IndexedResult> chunkResults, CancellationToken cancellationToken)
        {
            var indexes = new List<int>();
            await foreach (var result in chunkResults.WithCancellation(cancellationToken))
            {
                Assert.Equal(result.Index % 2 == 1 ? payload.Padding : string.Empty, result.Padding);
                indexes.Add(result.Index);
            }

            return [.. indexes];
        }
    }
}
