using Microsoft.Extensions.DependencyInjection;

namespace Streamer.Durable.Worker;

/// <summary>
/// The orchestrators and activities a worker can run, by name (case-insensitive). Class-based tasks
/// are registered under their class name and created through dependency injection per execution.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers orchestrator <typeparamref name="TOrchestrator"/> under its class name.</summary>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator>()
        where TOrchestrator : class, ITaskOrchestrator
        => AddOrchestrator(typeof(TOrchestrator).Name, sp => ActivatorUtilities.CreateInstance<TOrchestrator>(sp));

    /// <summary>Registers an orchestrator factory under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        Add(_orchestrators, name, factory, "orchestrator");
        return this;
    }

    /// <summary>Registers a function as orchestrator <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(orchestrator));
    }

    /// <summary>Registers a function with no output as orchestrator <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TInput>(string name, Func<TaskOrchestrationContext, TInput, Task> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestratorFunc<TInput, object?>(name, async (context, input) =>
        {
            await orchestrator(context, input);
            return null;
        });
    }

    /// <summary>Registers activity <typeparamref name="TActivity"/> under its class name.</summary>
    public DurableTaskRegistry AddActivity<TActivity>()
        where TActivity : class, ITaskActivity
        => AddActivity(typeof(TActivity).Name, sp => ActivatorUtilities.CreateInstance<TActivity>(sp));

    /// <summary>Registers an activity factory under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        Add(_activities, name, factory, "activity");
        return this;
    }

    /// <summary>Registers an asynchronous function as activity <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity(name, _ => new FuncActivity<TInput, TOutput>(activity));
    }

    /// <summary>Registers a synchronous function as activity <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(activity(context, input)));
    }

    /// <summary>Registers an asynchronous function with no output as activity <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput>(string name, Func<TaskActivityContext, TInput, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityFunc<TInput, object?>(name, async (context, input) =>
        {
            await activity(context, input);
            return null;
        });
    }

    /// <summary>Replaces (or adds) activity <paramref name="name"/>; used by test harnesses to fake activities.</summary>
    public DurableTaskRegistry ReplaceActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _activities[name] = factory ?? throw new ArgumentNullException(nameof(factory));
        return this;
    }

    internal bool TryGetOrchestrator(string name, out Func<IServiceProvider, ITaskOrchestrator> factory)
        => _orchestrators.TryGetValue(name, out factory!);

    internal bool TryGetActivity(string name, out Func<IServiceProvider, ITaskActivity> factory)
        => _activities.TryGetValue(name, out factory!);

    private static void Add<T>(Dictionary<string, T> map, string name, T factory, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!map.TryAdd(name, factory))
        {
            throw new ArgumentException($"An {kind} named '{name}' is already registered.", nameof(name));
        }
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> body)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => body(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> body)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => body(context, input);
    }
}
