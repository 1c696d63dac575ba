using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Api.Realtime;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>
/// The hub authenticates a connection when it opens and closes it when that authentication expires: at the token's
/// <c>exp</c> plus the clock skew, the same moment the API stops accepting the token, so a connection never keeps rights
/// its token no longer grants.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class HubTokenExpiryTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_bearer_scheme_gives_a_hub_request_an_expiry_of_the_tokens_exp_plus_the_default_30_s_skew()
    {
        // The fixture's host runs with the default settings; the hub closes a connection at ExpiresUtc.
        var token = app.TokenFor("expiry-" + Guid.NewGuid().ToString("N")[..12]);
        using var scope = app.Services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Path = RealtimePaths.Hub;
        http.Request.QueryString = QueryString.Create("access_token", token);

        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var exp = new DateTimeOffset(new JsonWebToken(token).ValidTo);
        Assert.Equal(exp + TimeSpan.FromSeconds(30), result.Properties!.ExpiresUtc);
    }

    [Fact]
    public async Task The_server_closes_a_connection_once_its_token_expires_and_a_StartRequest_after_that_does_not_run()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var host = ExpiringTokenHost.Start(app);
        var user = "expiry-" + Guid.NewGuid().ToString("N")[..12];
        var token = host.TokenFor(user);
        var expires = new DateTimeOffset(new JsonWebToken(token).ValidTo) + ExpiringTokenHost.ClockSkew;
        await using var hub = host.CreateHubConnection(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await hub.StartAsync(deadline.Token);

        // While the token holds, the connection may start requests.
        var echo = await hub.InvokeAsync<JsonElement>("StartRequest", JsonSerializer.SerializeToElement(new { action = "echo", payload = new { } }), deadline.Token);
        Assert.Equal(200, echo.GetProperty("status").GetInt32());

        var error = await closed.Task.WaitAsync(deadline.Token);

        // The server closed it (gracefully, not as a failure), and not before the token, skew included, expired.
        Assert.Null(error);
        var connection = Assert.Single(host.Connections.For(user));
        Assert.Equal(expires, connection.ExpiresUtc);
        var closedAt = (await host.Connections.WhenClosedAsync(user, 1, deadline.Token)).ClosedAt!.Value;
        Assert.True(closedAt >= expires, $"closed at {closedAt:O}, before its authentication expired at {expires:O}");
        Assert.Null((await host.Connections.WhenClosedAsync(user, 1, deadline.Token)).CloseError);

        // After expiry a start cannot go over that connection, nor over a new one opened with the same token.
        var requestId = "after-expiry-" + Guid.NewGuid().ToString("N");
        var late = JsonSerializer.SerializeToElement(new { id = requestId, action = GatedTestAction.ActionName, payload = new { chunks = 1 } });
        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.InvokeAsync<JsonElement>("StartRequest", late, deadline.Token));
        var reopened = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(deadline.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, reopened.StatusCode);

        // The request never ran: its owner, with a fresh token, does not find it.
        using var client = host.CreateClient(host.TokenFor(user));
        using var status = await client.GetAsync(new Uri($"api/requests/{requestId}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Empty(GatedTestRegistry.For(requestId).StartedChunks);
    }
}
