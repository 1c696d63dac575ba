using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streamer.Host.Tests.Infrastructure;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;
using Streamer.Testing;

namespace Streamer.Host.Tests.Testing;

/// <summary>The harness behaves like the host: retries with the handler's policy, failures and cancellation reach the owner.</summary>
public sealed class ActionTestHostTests
{
    [Fact]
    public async Task A_chunk_that_always_throws_is_retried_then_the_request_fails_with_an_internal_error()
    {
        var handler = new FlakyHandler(failures: int.MaxValue);
        using var logs = new RecordingLoggerProvider();
        await using var host = await ActionTestHost.StartAsync(services => services.AddSingleton<IActionHandler>(handler).AddSingleton<ILoggerProvider>(logs));

        var run = await host.RunAsync(FlakyHandler.ActionName, new { });

        Assert.Equal(RequestRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal("INTERNAL", run.Error?.Code);
        Assert.Equal(ChunkExecution.Sequential.MaxAttempts, handler.Attempts);

        // The owner is told which step failed and the trace id to find it by, never the exception's own text; the log has it whole.
        var message = run.Error!.Message;
        Assert.DoesNotContain(FlakyHandler.Message, message, StringComparison.Ordinal);
        Assert.StartsWith("Chunk 1 of 1 failed; the host logged the error under trace id ", message, StringComparison.Ordinal);
        var traceId = message.Split("trace id ")[1].TrimEnd('.');
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var logged = logs.Entries.Where(e => e.Level == LogLevel.Error && e.Message.Contains(traceId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, e => Assert.Equal(FlakyHandler.Message, e.Exception?.Message));
    }

    [Fact]
    public async Task A_chunk_that_fails_once_is_retried_after_the_durable_backoff_and_the_request_completes()
    {
        var handler = new FlakyHandler(failures: 1);
        await using var host = await ActionTestHost.StartAsync(services => services.AddSingleton<IActionHandler>(handler));

        var run = await host.RunAsync(FlakyHandler.ActionName, new { });

        Assert.Equal(RequestRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(2, handler.Attempts);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task Canceling_a_running_request_stops_its_chunk_and_ends_it_canceled()
    {
        var handler = new WaitsForCancelHandler();
        await using var host = await ActionTestHost.StartAsync(services => services.AddSingleton<IActionHandler>(handler));

        var id = await host.StartAsync(WaitsForCancelHandler.ActionName, new { });
        await handler.ChunkStarted.WaitAsync(host.Timeout);
        await host.CancelAsync(id);
        var run = await host.WaitAsync(id);

        Assert.Equal(RequestRuntimeStatus.Canceled, run.RuntimeStatus);
        Assert.Equal("CANCELED", run.Error?.Code);
    }

    [Fact]
    public async Task Unknown_actions_and_invalid_payloads_are_rejected_before_anything_is_scheduled()
    {
        await using var host = await ActionTestHost.StartAsync(services => services.AddSingleton<IActionHandler>(new FlakyHandler(0)));

        Assert.Throws<ArgumentException>(() => host.Validate("nope", new { }));
        await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync(FlakyHandler.ActionName, new { unexpected = 1 }));
    }

    public sealed record EmptyPayload;

    private sealed class FlakyHandler(int failures) : ActionHandler<EmptyPayload, int, int, int>
    {
        public const string ActionName = "flaky";
        public const string Message = "The chunk failed on purpose.";
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public override string Name => ActionName;

        protected override TimeSpan EstimateDuration(EmptyPayload payload) => TimeSpan.FromMinutes(1);

        protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, EmptyPayload payload, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<int>>([1]);

        protected override Task<int> ProcessChunkAsync(EmptyPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
            => Interlocked.Increment(ref _attempts) <= failures ? throw new InvalidOperationException(Message) : Task.FromResult(chunk);

        protected override async Task<int> FinalizeAsync(ActionRequest request, EmptyPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
            => await chunkResults.SumAsync(cancellationToken);
    }

    private sealed class WaitsForCancelHandler : ActionHandler<EmptyPayload, int, int, int>
    {
        public const string ActionName = "waits_for_cancel";
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ChunkStarted => _started.Task;

        public override string Name => ActionName;

        protected override TimeSpan EstimateDuration(EmptyPayload payload) => TimeSpan.FromMinutes(1);

        protected override Task<IReadOnlyList<int>> PlanAsync(ActionRequest request, EmptyPayload payload, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<int>>([1]);

        protected override async Task<int> ProcessChunkAsync(EmptyPayload payload, int chunk, ChunkContext context, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return chunk;
        }

        protected override async Task<int> FinalizeAsync(ActionRequest request, EmptyPayload payload, IAsyncEnumerable<int> chunkResults, CancellationToken cancellationToken)
            => await chunkResults.SumAsync(cancellationToken);
    }
}
