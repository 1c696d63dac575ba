using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// A stand-in for Azure SignalR Service's data-plane REST API on a loopback port: it records every call and
/// checks its bearer token the way the service does (HS256 signed with the AccessKey, <c>aud</c> equal to the
/// exact URL called, not expired), answering 202 when the token is good and 401 when it is not.
/// </summary>
public sealed class FakeAzureSignalRService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<RecordedSignalRCall> _calls = Channel.CreateUnbounded<RecordedSignalRCall>();

    private FakeAzureSignalRService(WebApplication app, string accessKey)
    {
        _app = app;
        AccessKey = accessKey;
    }

    /// <summary>The key tokens must be signed with.</summary>
    public string AccessKey { get; }

    /// <summary>The service endpoint, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The connection string a Streamer host uses to reach this fake.</summary>
    public string ConnectionString => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey={AccessKey};Version=1.0;";

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeAzureSignalRService> StartAsync(string accessKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAzureSignalRService(app, accessKey);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Validates a token as the service would for a call to <paramref name="url"/>; null when it is valid.</summary>
    public async Task<string?> ValidateAsync(string token, string url)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidAudience = url,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AccessKey)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(5),
        });
        return result.IsValid ? null : result.Exception?.Message ?? "invalid token";
    }

    /// <summary>The next call received.</summary>
    public Task<RecordedSignalRCall> NextAsync(CancellationToken cancellationToken) => _calls.Reader.ReadAsync(cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var url = $"{http.Request.Scheme}://{http.Request.Host}{rawTarget}";
        JsonElement? body = null;
        using (var reader = new StreamReader(http.Request.Body))
        {
            var text = await reader.ReadToEndAsync(http.RequestAborted);
            if (text.Length > 0)
            {
                body = JsonSerializer.Deserialize<JsonElement>(text);
            }
        }

        var header = http.Request.Headers.Authorization.ToString();
        JsonWebToken? token = null;
        string? error;
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            error = "no bearer token";
        }
        else
        {
            var raw = header["Bearer ".Length..];
            token = new JsonWebTokenHandler().CanReadToken(raw) ? new JsonWebToken(raw) : null;
            error = await ValidateAsync(raw, url);
        }

        _calls.Writer.TryWrite(new RecordedSignalRCall(http.Request.Method, rawTarget, url, body, token, error));
        http.Response.StatusCode = error is null ? StatusCodes.Status202Accepted : StatusCodes.Status401Unauthorized;
    }
}
