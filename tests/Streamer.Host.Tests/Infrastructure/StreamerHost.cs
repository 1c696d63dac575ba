using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>One real Streamer host (the app's own <c>Program</c>) on Kestrel on a loopback port, with the given app settings.</summary>
public sealed class StreamerHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private StreamerHost(WebApplicationFactory<Program> factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    /// <summary>The host's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts a host; the settings are added last, so they win over host.json and local.settings.json.</summary>
    public static StreamerHost Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
            host.ConfigureServices(services => configureServices?.Invoke(services));
        });
        // An explicit endpoint wins over the app's own UseUrls (port 7071), so hosts started here never collide with
        // each other or with a developer's running host.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new StreamerHost(factory, new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"));
    }

    /// <summary>An HTTP client for the host, authenticated as <paramref name="token"/> when given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A SignalR connection (not started) that negotiates through <c>POST /api/negotiate</c>, as the stock client does.</summary>
    public HubConnection CreateHubConnection(string token)
        => new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "api"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
