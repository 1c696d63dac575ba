using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Streamer.Activities.RequestData;
using Streamer.Activities.Tasks;

namespace Streamer.Functions.Durable;

/// <summary>
/// The request orchestrator's activities (the <c>TaskActivity</c> classes of Streamer.Activities) as activity triggers,
/// each created per call from the invocation's services, as the ASP.NET Core host's worker creates them.
/// </summary>
internal static class RequestActivityFunctions
{
    [Function(RequestTaskNames.PlanChunks)]
    public static Task<ChunkPlan> PlanChunksAsync([ActivityTrigger] RequestEnvelope input, string instanceId, FunctionContext context)
        => RunAsync<PlanChunksActivity, RequestEnvelope, ChunkPlan>(RequestTaskNames.PlanChunks, input, instanceId, context);

    [Function(RequestTaskNames.LoadChunks)]
    public static Task<IReadOnlyList<JsonElement>> LoadChunksAsync([ActivityTrigger] SegmentInput input, string instanceId, FunctionContext context)
        => RunAsync<LoadChunksActivity, SegmentInput, IReadOnlyList<JsonElement>>(RequestTaskNames.LoadChunks, input, instanceId, context);

    [Function(RequestTaskNames.RunChunk)]
    public static Task<ChunkResultRef> RunChunkAsync([ActivityTrigger] ChunkInput input, string instanceId, FunctionContext context)
        => RunAsync<RunChunkActivity, ChunkInput, ChunkResultRef>(RequestTaskNames.RunChunk, input, instanceId, context);

    [Function(RequestTaskNames.SaveResults)]
    public static Task<bool> SaveResultsAsync([ActivityTrigger] SegmentResults input, string instanceId, FunctionContext context)
        => RunAsync<SaveResultsActivity, SegmentResults, bool>(RequestTaskNames.SaveResults, input, instanceId, context);

    [Function(RequestTaskNames.FinalizeRequest)]
    public static Task<JsonElement> FinalizeRequestAsync([ActivityTrigger] FinalizeInput input, string instanceId, FunctionContext context)
        => RunAsync<FinalizeRequestActivity, FinalizeInput, JsonElement>(RequestTaskNames.FinalizeRequest, input, instanceId, context);

    [Function(RequestTaskNames.NotifyOutcome)]
    public static Task<bool> NotifyOutcomeAsync([ActivityTrigger] RequestOutcome input, string instanceId, FunctionContext context)
        => RunAsync<NotifyOutcomeActivity, RequestOutcome, bool>(RequestTaskNames.NotifyOutcome, input, instanceId, context);

    private static async Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return await activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }

    /// <summary>The activity's name and its orchestration's instance id, as durabletask-dotnet hands them to an activity.</summary>
    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
