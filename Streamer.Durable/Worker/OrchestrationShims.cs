using DurableTask.Core;
using DurableTask.Core.Middleware;
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
        return factory.TryCreateOrchestrator(taskName, services, out var orchestrator) ? new ParentAwareOrchestration(taskName, orchestrator, shims) : null;
    }

    /// <summary>
    /// Orchestration dispatcher middleware: DTFx looks an orchestration up by name only, so a sub-orchestration's parent
    /// (<c>TaskOrchestrationContext.Parent</c>) is handed to it here, from the instance's history, before it first runs.
    /// </summary>
    public static Task PassParentAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is ParentAwareOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { OrchestrationInstance.InstanceId: { } parentId } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parentId);
        }

        return next();
    }

    /// <summary>Creates the durabletask-dotnet shim on first use, once the middleware has told it its parent.</summary>
    private sealed class ParentAwareOrchestration(TaskName name, ITaskOrchestrator orchestrator, DurableTaskShimFactory shims) : TaskOrchestration
    {
        private TaskOrchestration? _shim;

        public ParentOrchestrationInstance? Parent { get; set; }

        private TaskOrchestration Shim => _shim ??= shims.CreateOrchestration(name, orchestrator, Parent);

        public override Task<string> Execute(OrchestrationContext context, string input) => Shim.Execute(context, input);

        public override void RaiseEvent(OrchestrationContext context, string name, string input) => Shim.RaiseEvent(context, name, input);

        public override string GetStatus() => Shim.GetStatus();
    }
}
