using Azure.Data.Tables;
using Microsoft.AspNetCore.SignalR;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.Tasks;
using Streamer.Durable.Configuration;
using Streamer.Functions.Auth;
using Streamer.Functions.Errors;
using Streamer.Functions.Health;
using Streamer.Functions.Management;
using Streamer.Functions.Realtime;
using Streamer.Functions.Requests;

namespace Streamer.Functions.Hosting;

/// <summary>Composes the Streamer host: storage, engine, requests, realtime delivery and limits.</summary>
internal static class StreamerServiceCollectionExtensions
{
    public static IServiceCollection AddStreamer(this IServiceCollection services, IConfiguration configuration)
    {
        // No background service may stop the host: a storage outage must leave it up, answering 503 until storage returns.
        // Ours catch and log; this covers anything that still throws (the default would stop the host).
        services.Configure<HostOptions>(host => host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.Configure<StreamerOptions>(configuration.GetSection(StreamerOptions.Section));
        services.Configure<ProgressOptions>(configuration.GetSection("Streamer:Progress"));
        services.AddOptions<ChunkOptions>().Configure<IConfiguration>((chunks, config) =>
        {
            // host.json's functionTimeout bounds each chunk, as it bounds each activity on the Functions host; -1 means none.
            if (config["functionTimeout"] is { Length: > 0 } value && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var timeout))
            {
                chunks.Timeout = timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan;
            }
        });
        services.Configure<ManagementOptions>(configuration.GetSection(ManagementOptions.Section));
        services.AddStreamerProblemDetails();
        services.AddStreamerAuthentication(configuration);
        services.AddStreamerHealthChecks();

        // One storage account for the task hub, the request index and the built-in actions' data. Read when
        // first needed, so that configuration added after this call (tests, other hosts) still applies.
        services.AddSingleton(sp => TaskHubSettings.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        // Callers wait on the request index (starts, status reads, readiness): its calls are bounded, so an outage answers 503 in seconds.
        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<TaskHubSettings>().ConnectionString, RequestPathStorageOptions.Apply(new TableClientOptions())));
        services.AddSingleton(sp => new RequestStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<TaskHubSettings>().TaskHubName + "Requests"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<IOutcomeStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProvisioner>());
        services.AddSingleton<RequestStarter>();
        services.AddSingleton<RequestQueries>();
        services.AddHostedService<RequestRetention>();

        services.AddStreamerActions();
        services.AddBuiltInActions(sp => new Streamer.Activities.BuiltIn.Storage.BuiltInStorageOptions
        {
            ConnectionString = sp.GetRequiredService<TaskHubSettings>().ConnectionString,
            NamePrefix = sp.GetRequiredService<TaskHubSettings>().TaskHubName,
        });
        services.AddDurableTaskHub(tasks => tasks.AddRequestTasks());

        services.AddStreamerRealtime();
        services.AddSingleton<StartRateLimiter>();
        return services;
    }

    private static void AddStreamerRealtime(this IServiceCollection services)
    {
        services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 2 * 1024 * 1024);
        services.AddSingleton<IUserIdProvider, StreamerUserIdProvider>();
        services.AddSingleton<IRequestNotifier, RealtimeRequestNotifier>();
        services.AddHttpClient(nameof(AzureSignalRRealtimeSender));
        services.AddSingleton(sp => RealtimeMode.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IRealtimeSender>(sp => sp.GetRequiredService<RealtimeMode>().Service is { } service
            ? new AzureSignalRRealtimeSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureSignalRRealtimeSender)), service, sp.GetRequiredService<TimeProvider>())
            : ActivatorUtilities.CreateInstance<HubRealtimeSender>(sp));
    }
}
