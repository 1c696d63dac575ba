using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Activities.RequestData;

namespace Streamer.Activities.Tasks;

/// <summary>Stores the result refs of a finished segment, so the next execution starts without them (<see cref="ChunkResults"/>).</summary>
public sealed class SaveResultsActivity(ChunkResults results, IHostApplicationLifetime lifetime, ILogger<SaveResultsActivity> logger)
    : TaskActivity<SegmentResults, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, SegmentResults input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return StepFailures.GuardAsync(logger, input.Request.RequestId, $"Saving the results of chunk segment {input.Segment + 1}", async () =>
        {
            await results.SaveSegmentAsync(context.InstanceId, input.Segment, input.Results, lifetime.ApplicationStopping);
            return true;
        });
    }
}
