using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Streamer.Durable.Worker;

/// <summary>
/// DTFx's lookup of orchestrations by name, answered from the worker's <see cref="IDurableTaskFactory"/>: each episode
/// gets a new <c>Microsoft.DurableTask</c> orchestrator wrapped by <see cref="DurableTaskShimFactory"/>. Versions are
/// ignored, as on Durable Functions, which registers one implementation per name.
/// </summary>
internal sealed class OrchestrationShims(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services) : INameVersionObjectManager<TaskOrchestration>
{
    public void Add(ObjectCreator<TaskOrchestration> creator)
        => throw new NotSupportedException("Orchestrators are registered through AddDurableTaskWorker(builder => builder.AddTasks(...)).");

    public TaskOrchestration? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);
        return factory.TryCreateOrchestrator(taskName, services, out var orchestrator) ? shims.CreateOrchestration(taskName, orchestrator) : null;
    }
}
