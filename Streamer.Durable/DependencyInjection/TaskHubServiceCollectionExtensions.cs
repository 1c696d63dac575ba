using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamer.Durable.Client;
using Streamer.Durable.Configuration;
using Streamer.Durable.TaskHub;
using Streamer.Durable.Telemetry;
using Streamer.Durable.Worker;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs <c>Microsoft.DurableTask</c> orchestrators and activities in process on DTFx over Azure Storage.</summary>
public static class TaskHubServiceCollectionExtensions
{
    /// <summary>
    /// Inputs, outputs, events and custom status as the Functions isolated worker writes them (System.Text.Json, web
    /// defaults: camelCase), so instances written here and by a Durable Functions app read the same.
    /// </summary>
    private static readonly JsonDataConverter WebJson = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// Adds a durabletask-dotnet worker that runs <paramref name="tasks"/> on DTFx's <c>TaskHubWorker</c>, a
    /// <see cref="DurableTaskClient"/> over the same task hub, and the task hub's queue gauges. The task hub is read from
    /// configuration as the Functions host reads it: <c>extensions:durableTask</c> (host.json) and the connection string
    /// in the setting <c>storageProvider:connectionName</c> names (<c>AzureWebJobsStorage</c> by default).
    /// </summary>
    public static IServiceCollection AddDurableTaskHub(this IServiceCollection services, Action<DurableTaskRegistry> tasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tasks);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => TaskHubSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<AzureStorageTaskHub>();
        services.TryAddSingleton<TaskHubWorkerState>();
        services.TryAddSingleton<TaskHubPartitions>();
        services.AddDurableTaskWorker(builder => builder
            .AddTasks(tasks)
            .Configure(options => options.DataConverter = WebJson)
            .UseBuildTarget<TaskHubWorkerService>());
        services.AddDurableTaskClient(builder => builder
            .Configure(options => options.DataConverter = WebJson)
            .UseBuildTarget<TaskHubDurableTaskClient>());
        services.AddHostedService<TaskHubQueueMetrics>();
        return services;
    }
}
