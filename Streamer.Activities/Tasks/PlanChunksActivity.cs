using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>Asks the handler for its chunks, stores every segment of them but the first, and reports the request as started.</summary>
public sealed class PlanChunksActivity(
    ActionCatalog catalog, RequestPayloads payloads, ChunkPlans plans, ProgressPublisher progress, IOptions<ChunkOptions> options, IHostApplicationLifetime lifetime,
    ILogger<PlanChunksActivity> logger)
    : TaskActivity<RequestEnvelope, ChunkPlan>
{
    /// <inheritdoc />
    public override async Task<ChunkPlan> RunAsync(TaskActivityContext context, RequestEnvelope input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Action);
        var request = input.ToActionRequest();
        var segmentSize = Math.Clamp(options.Value.ChunksPerSegment, ChunkOptions.MinChunksPerSegment, ChunkOptions.MaxChunksPerSegment);
        var token = lifetime.ApplicationStopping;
        var plan = await StepFailures.GuardAsync(logger, request.RequestId, "Planning", async () =>
        {
            var payload = await payloads.ReadAsync(context.InstanceId, input.PayloadKey, token);
            var chunks = await handler.PlanAsync(request, payload, token);
            return new ChunkPlan(chunks.Count, handler.Execution, segmentSize, await plans.SaveAsync(context.InstanceId, chunks, segmentSize, token));
        });
        progress.Publish(request, new ProgressUpdate(0, $"Planned {plan.Count} chunk(s)", "running"));
        return plan;
    }
}
