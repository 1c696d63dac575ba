using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Activities.RequestData;

namespace Streamer.Activities.Tasks;

/// <summary>Loads the chunks of one segment of a request's plan, as <see cref="PlanChunksActivity"/> stored them.</summary>
public sealed class LoadChunksActivity(ChunkPlans plans, IHostApplicationLifetime lifetime, ILogger<LoadChunksActivity> logger)
    : TaskActivity<SegmentInput, IReadOnlyList<JsonElement>>
{
    /// <inheritdoc />
    public override Task<IReadOnlyList<JsonElement>> RunAsync(TaskActivityContext context, SegmentInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync(logger, input.Request.RequestId, $"Loading chunk segment {input.Segment + 1}", () => plans.LoadAsync(context.InstanceId, input.Segment, lifetime.ApplicationStopping));
    }
}
