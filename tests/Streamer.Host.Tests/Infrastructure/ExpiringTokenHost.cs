using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Api.Auth;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// A Streamer host of its own (on the fixture's Azurite, with its own task hub) whose tokens expire within seconds, so
/// tests see the hub close connections on expiry without waiting long: tokens it mints (and its dev token endpoint's)
/// last <see cref="TokenLifetime"/> (6 s unless told), and it tolerates <see cref="ClockSkew"/> past their <c>exp</c>. It runs
/// <see cref="GatedTestAction"/> and records its hub's connections in <see cref="Connections"/>.
/// </summary>
public sealed class ExpiringTokenHost : IAsyncDisposable
{
    /// <summary>How long a host's tokens last by default, unless a test asks for another lifetime.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(6);

    /// <summary>How long past <c>exp</c> this host accepts a token, and keeps a connection opened with it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(1);

    private readonly StreamerHost _host;

    private ExpiringTokenHost(StreamerHost host, TimeSpan tokenLifetime)
    {
        _host = host;
        TokenLifetime = tokenLifetime;
        Connections = host.Services.GetRequiredService<HubConnectionLog>();
    }

    /// <summary>How long this host's tokens last (its dev token endpoint's too), unless a test asks for another lifetime.</summary>
    public TimeSpan TokenLifetime { get; }

    /// <summary>The host's base address.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>What the host's hub saw of its connections.</summary>
    public HubConnectionLog Connections { get; }

    /// <summary>
    /// Starts a host with the fixture's settings but short-lived tokens (<paramref name="tokenLifetime"/>,
    /// <see cref="DefaultTokenLifetime"/> by default) and a small clock skew.
    /// </summary>
    public static ExpiringTokenHost Start(StreamerAppFixture app, TimeSpan? tokenLifetime = null)
    {
        var lifetime = tokenLifetime ?? DefaultTokenLifetime;
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:Auth:DevTokenLifetime"] = lifetime.ToString("c", CultureInfo.InvariantCulture);
        settings["Streamer:Auth:ClockSkew"] = ClockSkew.ToString("c", CultureInfo.InvariantCulture);
        return new ExpiringTokenHost(StreamerHost.Start(settings, services =>
        {
            services.AddAction<GatedTestAction>();
            services.AddSingleton<HubConnectionLog>();
            services.Configure<HubOptions>(hub => hub.AddFilter<HubConnectionLog>());
        }), lifetime);
    }

    /// <summary>A token for <paramref name="user"/> signed with the host's key, lasting <see cref="TokenLifetime"/> unless told.</summary>
    public string TokenFor(string user, string tenant = "tenant-a", TimeSpan? lifetime = null)
        => _host.Services.GetRequiredService<DevTokenIssuer>().Issue(tenant, user, lifetime: lifetime);

    /// <summary>An HTTP client for the host, authenticated as <paramref name="token"/> when given.</summary>
    public HttpClient CreateClient(string? token = null) => _host.CreateClient(token);

    /// <summary>A SignalR connection (not started) that negotiates through <c>POST /api/negotiate</c> with <paramref name="token"/>.</summary>
    public HubConnection CreateHubConnection(string token) => _host.CreateHubConnection(token);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
