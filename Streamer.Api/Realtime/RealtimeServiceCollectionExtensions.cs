namespace Streamer.Api.Realtime;

/// <summary>Chooses how the owner's messages are sent (<see cref="RealtimeMode"/>).</summary>
internal static class RealtimeServiceCollectionExtensions
{
    /// <summary>
    /// Sends through Azure SignalR Service's REST API when it is configured, else through <paramref name="hostHub"/>, the
    /// host's own hub; a host without one passes null, and messages are then dropped (status polling still answers).
    /// </summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services, Func<IServiceProvider, IRealtimeSender>? hostHub)
    {
        services.AddHttpClient(nameof(AzureSignalRRealtimeSender));
        services.AddSingleton(sp => RealtimeMode.From(sp.GetRequiredService<IConfiguration>(), hostHub is not null));
        services.AddSingleton(sp => sp.GetRequiredService<RealtimeMode>().Service is { } service
            ? new AzureSignalRRealtimeSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AzureSignalRRealtimeSender)), service, sp.GetRequiredService<TimeProvider>())
            : hostHub?.Invoke(sp) ?? NoRealtimeSender.Instance);
        return services;
    }

    /// <summary>No SignalR at all: progress and outcomes are still stored, and status polling reads them.</summary>
    private sealed class NoRealtimeSender : IRealtimeSender
    {
        public static NoRealtimeSender Instance { get; } = new();

        public Task SendToUserAsync(string userId, string method, object argument, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
