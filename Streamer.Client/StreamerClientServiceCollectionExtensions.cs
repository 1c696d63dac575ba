using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Streamer.Client;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="StreamerClient"/>.</summary>
public static class StreamerClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="StreamerClient"/> (it keeps one SignalR connection for all its requests) over a
    /// named <c>HttpClient</c> with the client's retries; the returned builder adds more handlers.
    /// </summary>
    public static IHttpClientBuilder AddStreamerClient(this IServiceCollection services, Action<StreamerClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Configure(configure);
        var http = services.AddHttpClient(nameof(StreamerClient));
        http.AddResilienceHandler("streamer", pipeline => pipeline.AddRetry(StreamerRetries.Options()));
        services.TryAddSingleton(sp => new StreamerClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StreamerClient)),
            sp.GetRequiredService<IOptions<StreamerClientOptions>>().Value,
            sp.GetService<ILoggerFactory>()));
        return http;
    }
}
