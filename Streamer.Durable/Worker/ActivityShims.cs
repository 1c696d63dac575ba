using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace Streamer.Durable.Worker;

/// <summary>
/// DTFx's lookup of activities by name, answered from the worker's <see cref="IDurableTaskFactory"/>. Every call runs in
/// its own DI scope, as on the durabletask-dotnet worker; DTFx looks activities up with the calling orchestration's
/// version, which is ignored here.
/// </summary>
internal sealed class ActivityShims(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services) : DurableTask.Core.INameVersionObjectManager<DurableTask.Core.TaskActivity>
{
    public void Add(DurableTask.Core.ObjectCreator<DurableTask.Core.TaskActivity> creator)
        => throw new NotSupportedException("Activities are registered through AddDurableTaskWorker(builder => builder.AddTasks(...)).");

    public DurableTask.Core.TaskActivity? GetObject(string name, string? version)
    {
        // Resolved per call inside its scope: an unknown name fails that call with a message naming it.
        return new ScopedActivity(new TaskName(name), factory, shims, services);
    }

    /// <summary>Creates the activity in a new scope for the call and disposes the scope when the call ends.</summary>
    private sealed class ScopedActivity(TaskName name, IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services) : DurableTask.Core.TaskActivity
    {
        public override string Run(DurableTask.Core.TaskContext context, string input)
            => throw new NotSupportedException("Activities run asynchronously.");

        public override async Task<string> RunAsync(DurableTask.Core.TaskContext context, string input)
        {
            await using var scope = services.CreateAsyncScope();
            if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity))
            {
                throw new InvalidOperationException($"No activity named '{name}' is registered on this worker.");
            }

            return await shims.CreateActivity(name, activity).RunAsync(context, input);
        }
    }
}
