using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Functions.Auth;
using Streamer.Testing.Azurite;

namespace Streamer.Functions.Tests.Infrastructure;

/// <summary>
/// The real Streamer host on a loopback port (Kestrel, not the in-memory test server), on its own Azurite,
/// with a fresh task hub. Tests isolate themselves by user id.
/// </summary>
public sealed class StreamerAppFixture : IAsyncLifetime
{
    /// <summary>The HS256 key the host trusts in these tests.</summary>
    public const string SigningKey = "functions-tests-signing-key-0123456789abcdef";

    /// <summary>Starts a user may make per window before 429 (kept low so the rate-limit test is quick).</summary>
    public const int RateLimitPermits = 30;

    private AzuriteProcess? _azurite;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>The host's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The Azurite connection string the host uses.</summary>
    public string StorageConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The task hub the host uses.</summary>
    public string TaskHubName { get; } = "app" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["extensions:durableTask:hubName"] = TaskHubName,
            ["extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:01",
            ["Streamer:Auth:SigningKey"] = SigningKey,
            ["Streamer:RateLimitPermits"] = RateLimitPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Streamer:PollInterval"] = "00:00:01",
        };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings)));
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    /// <summary>A token for <paramref name="user"/> signed with the host's key.</summary>
    public string TokenFor(string user, string tenant = "tenant-a", IEnumerable<string>? permissions = null, TimeSpan? lifetime = null)
        => Services.GetRequiredService<DevTokenIssuer>().Issue(tenant, user, permissions, lifetime);

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

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>Test classes marked <c>[Collection(StreamerAppCollection.Name)]</c> share one host and Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class StreamerAppCollection : ICollectionFixture<StreamerAppFixture>
{
    public const string Name = "StreamerApp";
}
