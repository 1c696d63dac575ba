using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Streamer.Activities.Orchestration;
using Streamer.Activities.Tasks;

namespace Streamer.Functions.Durable;

/// <summary>The generic request orchestrator (<see cref="RequestOrchestrator"/>, the class the ASP.NET Core host runs) as an orchestration trigger.</summary>
internal static class RequestOrchestratorFunction
{
    [Function(RequestOrchestrator.Name)]
    public static Task<JsonElement> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<RequestRun>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no request input.");
        return new RequestOrchestrator().RunAsync(context, input);
    }
}
