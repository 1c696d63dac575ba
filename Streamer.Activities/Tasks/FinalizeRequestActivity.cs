using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tasks;

/// <summary>Combines the chunk results, read back one at a time in plan order, into the output and reports 100 %.</summary>
public sealed class FinalizeRequestActivity(
    ActionCatalog catalog, RequestPayloads payloads, ChunkResults results, ProgressPublisher progress, IHostApplicationLifetime lifetime, ILogger<FinalizeRequestActivity> logger)
    : TaskActivity<FinalizeInput, JsonElement>
{
    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Request.Action);
        var request = input.Request.ToActionRequest();
        var token = lifetime.ApplicationStopping;
        var output = await StepFailures.GuardAsync(logger, request.RequestId, "Finalizing", async () =>
        {
            var payload = await payloads.ReadAsync(context.InstanceId, input.Request.PayloadKey, token);
            return await handler.FinalizeAsync(request, payload, results.ReadAllAsync(context.InstanceId, input.SavedSegments, input.LastResults, token), token);
        });
        progress.Publish(request, new ProgressUpdate(100, "Completed", "completed"));
        await progress.FlushAsync(request);
        return output;
    }
}
