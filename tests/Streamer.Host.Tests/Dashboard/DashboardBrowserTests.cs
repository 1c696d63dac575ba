using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Streamer.Host.Tests.ClientLibraries;
using Streamer.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Streamer.Host.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium (tests/browser/dashboard.mjs, playwright-core) against the fixture's host:
/// dev sign-in, a sync result, live progress to 100 % with a download link, cancel, and recovery after the socket drops
/// (on reconnect, and by polling while it cannot reconnect); and, on a host whose tokens expire within seconds, a dev
/// token renewed and a pasted one asked for, with live progress carried on after the hub closed the connection on expiry.
/// The API then confirms what the page showed.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class DashboardBrowserTests(StreamerAppFixture app, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Dashboard_signs_in_streams_progress_cancels_and_recovers_from_dropped_connections_in_Chromium()
    {
        BrowserTools.RequireInstalled();
        using var deadline = new CancellationTokenSource(Deadline);
        var user = $"dash-{Guid.NewGuid():N}"[..20];
        const string tenant = "browser-tests";
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

        var run = await NodeScript.RunAsync(
            BrowserTools.DashboardScript,
            BrowserTools.RepositoryRoot,
            new Dictionary<string, string>
            {
                ["STREAMER_URL"] = app.BaseAddress.AbsoluteUri,
                ["CHROMIUM_PATH"] = BrowserTools.ChromiumPath,
                ["ARTIFACTS_DIR"] = artifacts,
                ["DASHBOARD_USER"] = user,
                ["DASHBOARD_TENANT"] = tenant,
            },
            deadline.Token);

        output.WriteLine(run.Output);
        output.WriteLine(run.Errors);
        Assert.True(run.ExitCode == 0, $"the browser script failed ({run.ExitCode}):\n{run.Output}\n{run.Errors}");
        var screenshot = Path.Combine(artifacts, "dashboard.png");
        Assert.True(File.Exists(screenshot), $"no screenshot at {screenshot}");
        output.WriteLine($"Screenshot: {screenshot}");

        // What the page showed is what the API says.
        var result = JsonSerializer.Deserialize<JsonElement>(run.Output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]);
        using var client = app.CreateClient(app.TokenFor(user, tenant));
        var report = await StatusAsync(client, result, "report", deadline.Token);
        Assert.Equal("Completed", report.GetProperty("runtimeStatus").GetString());
        Assert.StartsWith("http", report.GetProperty("output").GetProperty("file").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(100, report.GetProperty("progress").GetProperty("percentage").GetDouble());
        var canceled = await StatusAsync(client, result, "canceled", deadline.Token);
        Assert.Equal("Canceled", canceled.GetProperty("runtimeStatus").GetString());
        Assert.Equal("CANCELED", canceled.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(6, result.GetProperty("examples").GetArrayLength());
        foreach (var name in new[] { "offline", "polled" })
        {
            Assert.Equal("Completed", (await StatusAsync(client, result, name, deadline.Token)).GetProperty("runtimeStatus").GetString());
        }

        // A sync action answers once and is not stored, so it has no status to read.
        using var echo = await client.GetAsync(new Uri($"api/requests/{result.GetProperty("echo").GetString()}", UriKind.Relative), deadline.Token);
        Assert.Equal(HttpStatusCode.NotFound, echo.StatusCode);
    }

    [Fact]
    public async Task Dashboard_renews_a_dev_token_and_asks_for_a_pasted_one_and_live_progress_survives_the_hub_closing_on_expiry_in_Chromium()
    {
        BrowserTools.RequireInstalled();
        using var deadline = new CancellationTokenSource(Deadline);
        // Longer-lived than the other expiry tests' tokens: the page asks for a pasted token's successor halfway through its
        // life, and the script must paste one before the page signs out at expiry, however busy the machine.
        await using var host = ExpiringTokenHost.Start(app, TimeSpan.FromSeconds(12));
        using var gates = GateServer.Start();
        var user = $"renew-{Guid.NewGuid():N}"[..20];
        const string tenant = "browser-tests";
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-renewal");

        var run = await NodeScript.RunAsync(
            BrowserTools.DashboardScript,
            BrowserTools.RepositoryRoot,
            new Dictionary<string, string>
            {
                ["DASHBOARD_SCENARIO"] = "token-renewal",
                ["STREAMER_URL"] = host.BaseAddress.AbsoluteUri,
                ["STREAMER_GATES_URL"] = gates.BaseAddress.AbsoluteUri,
                ["CHROMIUM_PATH"] = BrowserTools.ChromiumPath,
                ["ARTIFACTS_DIR"] = artifacts,
                ["DASHBOARD_USER"] = user,
                ["DASHBOARD_TENANT"] = tenant,
            },
            deadline.Token);

        output.WriteLine(run.Output);
        output.WriteLine(run.Errors);
        Assert.True(run.ExitCode == 0, $"the browser script failed ({run.ExitCode}):\n{run.Output}\n{run.Errors}");
        var result = JsonSerializer.Deserialize<JsonElement>(run.Output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]);
        foreach (var (signedIn, name) in new[] { (user, "renewed"), (result.GetProperty("pastedUser").GetString()!, "pasted") })
        {
            // The request the page showed finished is finished.
            using var client = host.CreateClient(host.TokenFor(signedIn, tenant, TimeSpan.FromMinutes(5)));
            Assert.Equal("Completed", (await StatusAsync(client, result, name, deadline.Token)).GetProperty("runtimeStatus").GetString());

            // The host closed the first connection once its token expired, and the page came back with a newer token.
            var connections = host.Connections.For(signedIn);
            Assert.True(connections.Count >= 2, $"{signedIn} reconnected ({connections.Count} connection(s))");
            Assert.True(connections[0].ClosedAt >= connections[0].ExpiresUtc, $"{signedIn}'s first connection closed at {connections[0].ClosedAt:O}, before its authentication expired at {connections[0].ExpiresUtc:O}");
            Assert.Null(connections[0].CloseError);
            Assert.Contains(connections.Skip(1), c => c.ExpiresUtc > connections[0].ExpiresUtc);
        }
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, JsonElement result, string name, CancellationToken cancellationToken)
    {
        var id = result.GetProperty(name).GetString();
        using var response = await client.GetAsync(new Uri($"api/requests/{id}", UriKind.Relative), cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} ({id}) answered {(int)response.StatusCode}: it should have finished");
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
