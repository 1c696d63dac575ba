using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streamer.Durable;
using Streamer.Durable.DependencyInjection;
using Streamer.Durable.Serialization;
using Streamer.Durable.Worker;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable engine: client, worker and backend.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="DurableTaskClient"/>, a hosted worker and the backend chosen in <paramref name="configure"/>
    /// (the in-memory backend when none is chosen).
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddDurableTask(b => b
    ///     .AddTasks(r => r.AddOrchestrator&lt;GreetingOrchestrator&gt;().AddActivity&lt;SayHello&gt;())
    ///     .UseInMemoryBackend());
    /// </code>
    /// </example>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DurableTaskRegistryOptions>>().Value.Build());
        services.TryAddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<Streamer.Durable.Backends.IOrchestrationBackend>(),
            sp.GetRequiredService<DataConverter>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<DurableTaskWorker>();

        // Hosted services start in registration order: storage first, then the worker that polls it.
        services.AddHostedService<TaskHubProvisioner>();
        services.AddSingleton<IHostedService>(WorkerAsHostedService);

        var builder = new DurableTaskBuilder(services);
        builder.UseInMemoryBackend();
        configure(builder);
        return services;
    }

    private static DurableTaskWorker WorkerAsHostedService(IServiceProvider services) => services.GetRequiredService<DurableTaskWorker>();
}
