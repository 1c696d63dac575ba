using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Orchestration;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Sdk;
using Streamer.Activities.Tasks;
using Streamer.Activities.Telemetry;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers actions and the services their chunks run with.</summary>
public static class StreamerActionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the action catalog, progress delivery, cancellation and the request data a request's steps refer to. The host
    /// provides an <see cref="IProgressStore"/>, an <see cref="ICancellationStore"/>, an <see cref="IRequestNotifier"/> and an
    /// <see cref="IRequestDataStore"/>.
    /// </summary>
    public static IServiceCollection AddStreamerActions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ProgressOptions>();
        services.AddOptions<ChunkOptions>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ActionCatalog(sp.GetServices<IActionHandler>()));
        services.TryAddSingleton<RequestMetrics>();
        services.TryAddSingleton<ProgressPublisher>();
        services.TryAddSingleton<RequestCancellation>();
        services.AddOptions<RequestDataOptions>();
        services.TryAddSingleton<RequestPayloads>();
        services.TryAddSingleton<ChunkPlans>();
        services.TryAddSingleton<ChunkResults>();
        return services;
    }

    /// <summary>Registers an action handler (a singleton: handlers hold no per-request state).</summary>
    public static IServiceCollection AddAction<THandler>(this IServiceCollection services)
        where THandler : class, IActionHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IActionHandler, THandler>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TArtifacts"/>, which deletes what handlers store per request, so that purge and retention
    /// delete it too (a singleton; several may be registered, and each is called for every purged request).
    /// </summary>
    public static IServiceCollection AddRequestArtifacts<TArtifacts>(this IServiceCollection services)
        where TArtifacts : class, IRequestArtifacts
    {
        ArgumentNullException.ThrowIfNull(services);
        // Once per type: registering twice (two calls of AddBuiltInActions) must not delete twice.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestArtifacts, TArtifacts>());
        return services;
    }

    /// <summary>
    /// Registers the generic request orchestrator (<see cref="RequestOrchestrator.Name"/>) and the activities it calls
    /// (<see cref="RequestTaskNames"/>). Activities are created per call from the worker's services.
    /// </summary>
    public static DurableTaskRegistry AddRequestTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<RequestOrchestrator>(RequestOrchestrator.Name)
            .AddActivity<PlanChunksActivity>(RequestTaskNames.PlanChunks)
            .AddActivity<LoadChunksActivity>(RequestTaskNames.LoadChunks)
            .AddActivity<RunChunkActivity>(RequestTaskNames.RunChunk)
            .AddActivity<SaveResultsActivity>(RequestTaskNames.SaveResults)
            .AddActivity<FinalizeRequestActivity>(RequestTaskNames.FinalizeRequest)
            .AddActivity<NotifyOutcomeActivity>(RequestTaskNames.NotifyOutcome);
    }
}
