using System.Net;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Dashboard;

/// <summary>The host serves the dashboard and its assets, the SignalR browser client included, without a token.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class DashboardAssetTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Root_serves_the_dashboard_with_a_content_security_policy()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"lib/signalr/signalr.min.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"js/main.js\"></script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lib/signalr/signalr.min.js")]
    [InlineData("js/main.js")]
    [InlineData("js/streamer-client.js")]
    public async Task Scripts_are_served_as_JavaScript(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} (is node_modules/@microsoft/signalr installed? run 'npm ci' and rebuild)");
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_JavaScript_clients_declarations_are_served_as_text()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("js/streamer-client.d.ts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("createStreamerClient", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
