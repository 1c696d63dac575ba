using Microsoft.AspNetCore.SignalR;
using Streamer.Activities.Storage;
using Streamer.Activities.Tasks;
using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;
using Streamer.Durable.Configuration;
using Streamer.Host.Health;
using Streamer.Host.Realtime;
using Streamer.Host.Requests;

namespace Streamer.Host.Hosting;

/// <summary>Composes the ASP.NET Core host: the shared API, the in-process engine, the in-host hub and the management API.</summary>
internal static class StreamerServiceCollectionExtensions
{
    public static IServiceCollection AddStreamer(this IServiceCollection services, IConfiguration configuration)
    {
        // One storage account for the task hub, the request index and the built-in actions' data, all named after the hub.
        services.AddSingleton(sp => TaskHubSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<TaskHubSettings>();
            return new StreamerStorage(StorageAccount.FromConnectionString(hub.ConnectionString), hub.TaskHubName);
        });
        services.AddStreamerApi(configuration);
        services.AddHealthChecks().AddCheck<TaskHubHealthCheck>("taskHub", tags: [HealthEndpoints.ReadyTag]);
        services.AddDurableTaskHub(tasks => tasks.AddRequestTasks());
        services.AddHostedService<RetentionSweeper>();

        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 2 * 1024 * 1024);
        services.AddSingleton<IUserIdProvider, StreamerUserIdProvider>();
        services.AddRealtime(sp => ActivatorUtilities.CreateInstance<HubRealtimeSender>(sp));
        return services;
    }
}
