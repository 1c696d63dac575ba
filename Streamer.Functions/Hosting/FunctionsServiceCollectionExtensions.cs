using Streamer.Api.Health;
using Streamer.Api.Hosting;
using Streamer.Api.Realtime;

namespace Streamer.Functions.Hosting;

/// <summary>Composes the Functions app's services: the shared API with storage readiness, and no in-host hub.</summary>
internal static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddStreamerFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStreamerApi(configuration);

        // The Functions host runs the engine; readiness here is what this worker needs: the request table and storage.
        services.AddHealthChecks().AddCheck<RequestIndexHealthCheck>("requestIndex", tags: [HealthEndpoints.ReadyTag]);

        // No in-host hub: messages go through Azure SignalR Service when it is configured.
        services.AddRealtime(hostHub: null);
        return services;
    }
}
