using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamer.Activities.BuiltIn.Storage;
using Streamer.Activities.Cancellation;
using Streamer.Activities.Progress;
using Streamer.Activities.RequestData;
using Streamer.Activities.Tasks;
using Streamer.Api.Actions;
using Streamer.Api.Auth;
using Streamer.Api.Errors;
using Streamer.Api.Health;
using Streamer.Api.Realtime;
using Streamer.Api.Requests;
using Streamer.Api.Storage;

namespace Streamer.Api.Hosting;

/// <summary>What both hosts register: the API's handlers, the request index, the actions and their activities' services, auth, errors and limits.</summary>
internal static class StreamerApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the API. The storage account and hub come from <see cref="StreamerStorage.FromConfiguration"/> unless the host
    /// registered a <see cref="StreamerStorage"/> of its own first; they are read when first needed, so configuration added
    /// after this call (tests, other hosts) still applies.
    /// </summary>
    public static IServiceCollection AddStreamerApi(this IServiceCollection services, IConfiguration configuration)
    {
        // No background service may stop the host: a storage outage must leave it up, answering 503 until storage returns.
        services.Configure<HostOptions>(host => host.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.Configure<StreamerOptions>(configuration.GetSection(StreamerOptions.Section));
        services.Configure<ProgressOptions>(configuration.GetSection("Streamer:Progress"));
        services.Configure<RequestDataOptions>(configuration.GetSection("Streamer:RequestData"));
        services.AddOptions<ChunkOptions>().Bind(configuration.GetSection("Streamer:Chunks")).Configure<IConfiguration>((chunks, config) =>
        {
            // host.json's functionTimeout bounds each chunk, as it bounds each activity on the Functions host; -1 means none.
            if (config["functionTimeout"] is { Length: > 0 } value && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var timeout))
            {
                chunks.Timeout = timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan;
            }
        })
            .Validate(chunks => chunks.ChunksPerSegment is >= ChunkOptions.MinChunksPerSegment and <= ChunkOptions.MaxChunksPerSegment, "Streamer:Chunks:ChunksPerSegment must be 1–1000.")
            .ValidateOnStart();
        services.AddStreamerProblemDetails();
        services.AddStreamerAuthentication(configuration);
        services.AddHealthChecks();

        services.TryAddSingleton(sp => StreamerStorage.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        // Callers wait on the request index (starts, status reads, readiness): its calls are bounded, so an outage answers 503 in seconds.
        services.AddSingleton(sp => new RequestStore(
            sp.GetRequiredService<StreamerStorage>().Account.CreateTableServiceClient(RequestPathStorageOptions.Apply(new TableClientOptions()))
                .GetTableClient(sp.GetRequiredService<StreamerStorage>().TaskHubName + "Requests"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRequestDataStore>(sp => new BlobRequestDataStore(
            sp.GetRequiredService<StreamerStorage>().Account.CreateBlobServiceClient()
                .GetBlobContainerClient(sp.GetRequiredService<StreamerStorage>().TaskHubName.ToLowerInvariant() + "-requests")));
        services.AddSingleton<IProgressStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<IOutcomeStore>(sp => sp.GetRequiredService<RequestStore>());
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProvisioner>());
        services.AddSingleton<RequestStarter>();
        services.AddSingleton<RequestDeletion>();
        services.AddSingleton<RequestQueries>();
        services.AddSingleton<RequestRetention>();
        services.AddSingleton<StartRateLimiter>();
        services.AddSingleton<ReadRateLimiter>();
        services.AddSingleton<RequestEndpoints>();
        services.AddSingleton<ActionEndpoints>();
        services.AddSingleton<NegotiateEndpoint>();

        services.AddStreamerActions();
        services.AddAppActions();
        services.AddBuiltInActions(sp => new BuiltInStorageOptions
        {
            Account = sp.GetRequiredService<StreamerStorage>().Account,
            NamePrefix = sp.GetRequiredService<StreamerStorage>().TaskHubName,
        });

        services.AddSingleton<IRequestNotifier, RealtimeRequestNotifier>();
        return services;
    }
}
