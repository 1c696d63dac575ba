using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>Asks the handler for its chunks and reports the request as started.</summary>
public sealed class PlanChunksActivity(ActionCatalog catalog, ProgressPublisher progress, IHostApplicationLifetime lifetime, ILogger<PlanChunksActivity> logger)
    : TaskActivity<RequestEnvelope, ChunkPlan>
{
    /// <inheritdoc />
    public override async Task<ChunkPlan> RunAsync(TaskActivityContext context, RequestEnvelope input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Action);
        var request = input.ToActionRequest();
        var chunks = await StepFailures.GuardAsync(logger, request.RequestId, "Planning", () => handler.PlanAsync(request, input.Payload, lifetime.ApplicationStopping));
        progress.Publish(request, new ProgressUpdate(0, $"Planned {chunks.Count} chunk(s)", "running"));
        return new ChunkPlan(chunks, handler.Execution);
    }
}
