using System.Text.Json;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;
using Streamer.Durable;

namespace Streamer.Activities.Tasks;

/// <summary>Combines the chunk results into the output and reports 100 %.</summary>
public sealed class FinalizeRequestActivity(ActionCatalog catalog, ProgressPublisher progress) : TaskActivity<FinalizeInput, JsonElement>
{
    /// <inheritdoc />
    public override async Task<JsonElement> RunAsync(TaskActivityContext context, FinalizeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var handler = catalog.Require(input.Request.Action);
        var request = input.Request.ToActionRequest();
        var output = await handler.FinalizeAsync(request, input.Request.Payload, input.ChunkResults, context.CancellationToken);
        progress.Publish(request, new ProgressUpdate(100, "Completed", "completed"));
        await progress.FlushAsync(request);
        return output;
    }
}
