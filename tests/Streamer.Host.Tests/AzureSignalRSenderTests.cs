using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Api.Auth;
using Streamer.Api.Realtime;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>Azure SignalR Service mode: the REST sender, the negotiate answer, and a request's messages end to end, against a local fake of the service.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class AzureSignalRSenderTests(StreamerAppFixture app)
{
    private const string AccessKey = "fake-signalr-access-key-0123456789abcdefABCDEF";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sender_posts_target_and_arguments_to_the_users_url_with_a_token_for_exactly_that_url()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        using var http = new HttpClient();
        var sender = new AzureSignalRRealtimeSender(http, AzureSignalROptions.Parse(service.ConnectionString), TimeProvider.System);
        var now = DateTimeOffset.UtcNow;

        await sender.SendToUserAsync("tenant-a/user 1", RealtimeMethods.Progress, new ProgressMessage("r1", 3, 42.5, "Working", "stage-1", null, now), deadline.Token);

        var call = await service.NextAsync(deadline.Token);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/api/v1/hubs/streamer/users/tenant-a%2Fuser%201", call.RawTarget);
        Assert.Null(call.TokenError);
        Assert.Equal(call.Url, Assert.Single(call.Token!.Audiences));
        Assert.Equal("HS256", call.Token.Alg);
        Assert.InRange(call.Token.ValidTo, now.UtcDateTime.AddSeconds(-5), now.UtcDateTime.AddMinutes(10));
        var body = call.Body!.Value;
        Assert.Equal("progress", body.GetProperty("target").GetString());
        var argument = Assert.Single(body.GetProperty("arguments").EnumerateArray());
        Assert.Equal("r1", argument.GetProperty("requestId").GetString());
        Assert.Equal(3, argument.GetProperty("sequence").GetInt64());
        Assert.Equal(42.5, argument.GetProperty("percentage").GetDouble());
        Assert.Equal("Working", argument.GetProperty("message").GetString());
        Assert.Equal("stage-1", argument.GetProperty("stage").GetString());
        Assert.False(argument.TryGetProperty("details", out _));
        Assert.Equal(now, argument.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task Sender_fails_when_the_service_refuses_its_token()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        using var http = new HttpClient();
        var wrongKey = AzureSignalROptions.Parse($"Endpoint={service.Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey=not-the-services-key-0123456789abcdefABCDEF;Version=1.0;");
        var sender = new AzureSignalRRealtimeSender(http, wrongKey, TimeProvider.System);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendToUserAsync("tenant-a/u", RealtimeMethods.Completed, new { requestId = "r1" }, deadline.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        var call = await service.NextAsync(deadline.Token);
        Assert.NotNull(call.TokenError);
    }

    [Fact]
    public async Task In_Azure_SignalR_mode_a_service_token_expires_with_the_callers_token_and_within_the_hour()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings[AzureSignalROptions.SettingName] = service.ConnectionString;
        await using var host = StreamerHost.Start(settings);
        var issuer = host.Services.GetRequiredService<DevTokenIssuer>();
        var user = "azure-exp-" + Guid.NewGuid().ToString("N")[..12];

        // A caller token that ends within the hour: the service token ends with it, and asks the service to close the
        // connection then (what the in-host hub does).
        var shortToken = issuer.Issue("tenant-a", user, lifetime: TimeSpan.FromMinutes(10));
        var (url, serviceToken) = await NegotiateAsync(host, shortToken, deadline.Token);
        var callerExpires = new JsonWebToken(shortToken).ValidTo;
        Assert.Equal(callerExpires, serviceToken.ValidTo);
        Assert.Equal("true", serviceToken.GetClaim(AzureSignalRTokens.CloseOnAuthExpirationClaim).Value);
        Assert.Equal(new DateTimeOffset(callerExpires).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), serviceToken.GetClaim(AzureSignalRTokens.AuthExpiresOnClaim).Value);
        Assert.Null(await service.ValidateAsync(serviceToken.EncodedToken, url));

        // A caller token that lasts longer: the service token still lasts an hour at most (exp is in whole seconds).
        var before = DateTimeOffset.UtcNow;
        var (_, hourToken) = await NegotiateAsync(host, issuer.Issue("tenant-a", user, lifetime: TimeSpan.FromHours(8)), deadline.Token);
        var after = DateTimeOffset.UtcNow;
        var earliest = DateTimeOffset.FromUnixTimeSeconds((before + TimeSpan.FromHours(1)).ToUnixTimeSeconds());
        Assert.InRange(new DateTimeOffset(hourToken.ValidTo), earliest, after + TimeSpan.FromHours(1));

        // A caller token past its exp but within the clock skew is still accepted by the API, but a service token for it
        // would be born expired: negotiate asks for a fresh token instead.
        var now = DateTimeOffset.UtcNow;
        var lapsed = new DevTokenIssuer(host.Services.GetRequiredService<IOptions<StreamerAuthOptions>>(), new FixedTime(now - TimeSpan.FromMinutes(10)))
            .Issue("tenant-a", user, lifetime: TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(5));
        using var client = host.CreateClient(lapsed);
        using var list = await client.GetAsync(new Uri("api/requests", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var refused = await client.PostAsync(new Uri("api/negotiate", UriKind.Relative), null, deadline.Token);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Azure_SignalR_mode_negotiate_hands_out_a_service_token_and_a_request_reports_through_the_service()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var service = await FakeAzureSignalRService.StartAsync(AccessKey);
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings[AzureSignalROptions.SettingName] = service.ConnectionString;
        await using var host = StreamerHost.Start(settings);
        var user = "azure-" + Guid.NewGuid().ToString("N")[..12];
        using var client = host.CreateClient(host.Services.GetRequiredService<DevTokenIssuer>().Issue("tenant-a", user));

        using var negotiate = await client.PostAsync(new Uri("api/negotiate", UriKind.Relative), null, deadline.Token);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var connection = await negotiate.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
        var url = connection.GetProperty("url").GetString()!;
        Assert.Equal(new Uri(service.Endpoint, "client/?hub=streamer").AbsoluteUri, url);
        var accessToken = connection.GetProperty("accessToken").GetString()!;
        Assert.Null(await service.ValidateAsync(accessToken, url));
        var claims = new JsonWebToken(accessToken);
        Assert.Equal(url, Assert.Single(claims.Audiences));
        var signalRUser = new Streamer.Activities.Sdk.RequestOwner("tenant-a", user).SignalRUserId;
        Assert.Equal(signalRUser, claims.GetClaim("nameid").Value);

        using var start = await client.PostAsJsonAsync("api/requests", new { id = "via-service", action = "echo_async", payload = new { note = "azure" } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);

        var progress = new List<JsonElement>();
        JsonElement completed;
        while (true)
        {
            var call = await service.NextAsync(deadline.Token);
            Assert.Null(call.TokenError);
            Assert.Equal($"/api/v1/hubs/streamer/users/{signalRUser}", call.RawTarget);
            var body = call.Body!.Value;
            var argument = Assert.Single(body.GetProperty("arguments").EnumerateArray());
            Assert.Equal("via-service", argument.GetProperty("requestId").GetString());
            var target = body.GetProperty("target").GetString();
            Assert.NotEqual(RealtimeMethods.Failed, target);
            if (target == RealtimeMethods.Completed)
            {
                completed = argument;
                break;
            }

            Assert.Equal(RealtimeMethods.Progress, target);
            progress.Add(argument);
        }

        Assert.NotEmpty(progress);
        Assert.Equal(100, progress[^1].GetProperty("percentage").GetDouble());
        Assert.Equal("azure", completed.GetProperty("output").GetProperty("echo").GetProperty("note").GetString());
        var status = await StreamerApi.WaitUntilFinishedAsync(client, "via-service", deadline.Token);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
    }

    private static async Task<(string Url, JsonWebToken Token)> NegotiateAsync(StreamerHost host, string callerToken, CancellationToken cancellationToken)
    {
        using var client = host.CreateClient(callerToken);
        using var negotiate = await client.PostAsync(new Uri("api/negotiate", UriKind.Relative), null, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var connection = await negotiate.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (connection.GetProperty("url").GetString()!, new JsonWebToken(connection.GetProperty("accessToken").GetString()!));
    }

    /// <summary>A clock that always says <paramref name="now"/>, to mint a token that has already expired.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
