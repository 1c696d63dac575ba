using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Api.Auth;
using Streamer.Testing.Azurite;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// The real Streamer host on a loopback port (Kestrel, not the in-memory test server), on its own Azurite,
/// with a fresh task hub. Tests isolate themselves by user id.
/// </summary>
public sealed class StreamerAppFixture : IAsyncLifetime
{
    /// <summary>The HS256 key the host trusts in these tests.</summary>
    public const string SigningKey = "functions-tests-signing-key-0123456789abcdef";

    /// <summary>The management API's system key in these tests.</summary>
    public const string SystemKey = "functions-tests-system-key-0123456789";

    /// <summary>Starts a user may make per window before 429 (kept low so the rate-limit test is quick).</summary>
    public const int RateLimitPermits = 30;

    private AzuriteProcess? _azurite;
    private StreamerHost? _host;

    /// <summary>The host's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The Azurite connection string the host uses.</summary>
    public string StorageConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The task hub the host uses.</summary>
    public string TaskHubName { get; } = NewTaskHubName();

    private StreamerHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _host = StreamerHost.Start(SettingsFor(TaskHubName), services => services.AddAction<GatedTestAction>().AddAction<GatedBulkTestAction>());
    }

    /// <summary>A task hub name no other host uses.</summary>
    public static string NewTaskHubName() => "app" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// The app settings of this fixture's host for task hub <paramref name="taskHub"/>; tests that start a host of
    /// their own change a copy (and must use another task hub, or the two hosts would share work).
    /// </summary>
    public Dictionary<string, string?> SettingsFor(string taskHub) => new()
    {
        ["AzureWebJobsStorage"] = StorageConnectionString,
        ["extensions:durableTask:hubName"] = taskHub,
        ["extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:01",
        ["Streamer:Auth:SigningKey"] = SigningKey,
        ["Streamer:RateLimitPermits"] = RateLimitPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Streamer:PollInterval"] = "00:00:01",
        ["Streamer:Management:SystemKey"] = SystemKey,
        ["Streamer:Telemetry:Console"] = "false",
    };

    /// <summary>A token for <paramref name="user"/> signed with the host's key.</summary>
    public string TokenFor(string user, string tenant = "tenant-a", IEnumerable<string>? permissions = null, TimeSpan? lifetime = null)
        => Services.GetRequiredService<DevTokenIssuer>().Issue(tenant, user, permissions, lifetime);

    /// <summary>An HTTP client for the host, authenticated as <paramref name="token"/> when given.</summary>
    public HttpClient CreateClient(string? token = null) => Host.CreateClient(token);

    /// <summary>An HTTP client for the management API that sends the system key in the <c>x-functions-key</c> header.</summary>
    public HttpClient CreateManagementClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", SystemKey);
        return client;
    }

    /// <summary>A SignalR connection (not started) that negotiates through <c>POST /api/negotiate</c>, as the stock client does.</summary>
    public HubConnection CreateHubConnection(string token) => Host.CreateHubConnection(token);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
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
