using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>
/// Runs one chunk with a progress reporter and a token that is cancelled when the host stops, the
/// request is cancelled or <see cref="ChunkOptions.Timeout"/> passes, and makes sure the chunk's last
/// progress is delivered before its result. What the handler throws reaches the owner as <see cref="StepFailures"/> says.
/// The payload comes from the host's cache and a large result is stored, so the chunk's history does not grow with either (docs/cost.md).
/// </summary>
public sealed class RunChunkActivity(
    ActionCatalog catalog, RequestPayloads payloads, ChunkResults results, ProgressPublisher progress, RequestCancellation cancellation, IOptions<ChunkOptions> options,
    TimeProvider time, IHostApplicationLifetime lifetime, ILogger<RunChunkActivity> logger)
    : TaskActivity<ChunkInput, ChunkResultRef>
{
    /// <inheritdoc />
    public override async Task<ChunkResultRef> RunAsync(TaskActivityContext context, ChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Request.Action);
        var request = input.Request.ToActionRequest();
        var reporter = new ChunkProgressReporter(progress, request, input.CompletedBefore, input.Count);
        var chunkContext = new ChunkContext(request, input.Index, input.Count, reporter);
        var timeout = options.Value.Timeout;
        using var timer = new CancellationTokenSource(timeout, time);
        using var limited = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, timer.Token);
        ChunkResultRef result;
        try
        {
            result = await StepFailures.GuardAsync(logger, request.RequestId, $"Chunk {input.Index + 1} of {input.Count}", () => cancellation.RunAsync(
                request,
                async token =>
                {
                    var payload = await payloads.ReadAsync(context.InstanceId, input.Request.PayloadKey, token);
                    return await results.KeepAsync(context.InstanceId, input.Index, await handler.ProcessChunkAsync(payload, input.Chunk, chunkContext, token), token);
                },
                limited.Token));
        }
        catch (StepFailedException ex) when (ex.InnerException is OperationCanceledException && timer.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new StepFailedException($"Chunk {input.Index + 1} of {input.Count} did not finish within the function timeout of {timeout}.", ex.InnerException);
        }

        reporter.Report(100, $"Finished chunk {input.Index + 1} of {input.Count}");
        await progress.FlushAsync(request);
        return result;
    }
}
