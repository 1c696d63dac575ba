using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>Combines the chunk results into the output and reports 100 %.</summary>
public sealed class FinalizeRequestActivity(ActionCatalog catalog, ProgressPublisher progress, IHostApplicationLifetime lifetime, ILogger<FinalizeRequestActivity> logger)
    : TaskActivity<FinalizeInput, JsonElement>
{
    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Request.Action);
        var request = input.Request.ToActionRequest();
        var output = await StepFailures.GuardAsync(
            logger, request.RequestId, "Finalizing", () => handler.FinalizeAsync(request, input.Request.Payload, input.ChunkResults, lifetime.ApplicationStopping));
        progress.Publish(request, new ProgressUpdate(100, "Completed", "completed"));
        await progress.FlushAsync(request);
        return output;
    }
}
