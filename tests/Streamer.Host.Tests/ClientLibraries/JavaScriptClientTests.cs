using System.Globalization;
using System.Text.Json.Nodes;
using Streamer.Host.Tests.Dashboard;
using Streamer.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Streamer.Host.Tests.ClientLibraries;

/// <summary>
/// The JavaScript client (Streamer.Host/wwwroot/js/streamer-client.js) in Node against the fixture's live host, its real
/// hub and Azurite: <c>node --test tests/js/streamer-client.test.mjs</c> (node:test), which covers a multi-chunk request
/// with increasing sequence, a socket dropped mid-run (reconnect and catch-up; polling when the hub stays down),
/// 400/404/409/401/429 as StreamerRequestError, cancel by AbortSignal ending Canceled, and (on a second host whose tokens
/// expire within seconds) a reconnect with a fresh token after the hub closed the connection on expiry.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class JavaScriptClientTests(StreamerAppFixture app, ITestOutputHelper output)
{
    // Headroom over the suite's own deadlines (30 s per wait, a dozen tests run one after another), so a hang is reported
    // by node:test, naming the wait, rather than by this timeout.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Node_tests_of_the_JavaScript_client_pass_against_a_live_host()
    {
        RequireNodePackages();
        using var deadline = new CancellationTokenSource(Deadline);
        using var gates = GateServer.Start();
        await using var expiring = ExpiringTokenHost.Start(app);
        var id = Guid.NewGuid().ToString("N")[..8];
        var tenant = "js-client-tests";
        var expiringUser = $"js-expiring-{id}";

        var run = await NodeScript.RunAsync(
            ["--test", "--test-reporter=spec", Path.Combine("tests", "js", "streamer-client.test.mjs")],
            BrowserTools.RepositoryRoot,
            new Dictionary<string, string>
            {
                ["STREAMER_URL"] = app.BaseAddress.AbsoluteUri,
                ["STREAMER_TOKEN"] = app.TokenFor($"js-{id}", tenant),
                ["STREAMER_OTHER_TOKEN"] = app.TokenFor($"js-other-{id}", tenant),
                ["STREAMER_LIMITED_TOKEN"] = app.TokenFor($"js-limited-{id}", tenant),
                ["STREAMER_RATE_LIMIT_PERMITS"] = StreamerAppFixture.RateLimitPermits.ToString(CultureInfo.InvariantCulture),
                ["STREAMER_GATES_URL"] = gates.BaseAddress.AbsoluteUri,
                ["STREAMER_EXPIRING_URL"] = expiring.BaseAddress.AbsoluteUri,
                ["STREAMER_EXPIRING_USER"] = expiringUser,
                ["NO_COLOR"] = "1",
            },
            deadline.Token);

        output.WriteLine(run.Output);
        output.WriteLine(run.Errors);
        Assert.True(run.ExitCode == 0, $"node --test failed ({run.ExitCode}):\n{run.Output}\n{run.Errors}");
        // The spec reporter's summary: some tests ran, none failed.
        Assert.Matches(@"(?m)^\S* ?pass [1-9]", run.Output);
        Assert.Matches(@"(?m)^\S* ?fail 0$", run.Output);

        // What the token-expiry test's host saw: it closed the first connection once its authentication expired, and the
        // client came back with a token that expires later.
        var connections = expiring.Connections.For(expiringUser);
        Assert.True(connections.Count >= 2, $"the client reconnected ({connections.Count} connection(s))");
        Assert.True(connections[0].ClosedAt >= connections[0].ExpiresUtc, $"closed at {connections[0].ClosedAt:O}, not after its authentication expired at {connections[0].ExpiresUtc:O}");
        Assert.Null(connections[0].CloseError);
        Assert.True(connections[1].ExpiresUtc > connections[0].ExpiresUtc, "the reconnect used a fresh token");
    }

    /// <summary>Fails, saying how to fix it, when node_modules predates the packages these tests need.</summary>
    private static void RequireNodePackages()
    {
        var root = BrowserTools.RepositoryRoot;
        Assert.True(
            Directory.Exists(Path.Combine(root, "node_modules", "@microsoft", "signalr")) && Directory.Exists(Path.Combine(root, "node_modules", "ws")),
            $"npm packages @microsoft/signalr and ws are missing from {root}/node_modules: run 'npm ci' in the repository root.");

        // @microsoft/signalr requires tough-cookie in Node without declaring it; the 2.x that Azurite brings would be found
        // first and makes every negotiate fail, so package.json pins 4.x.
        var toughCookie = Path.Combine(root, "node_modules", "tough-cookie", "package.json");
        var version = File.Exists(toughCookie) ? JsonNode.Parse(File.ReadAllText(toughCookie))?["version"]?.GetValue<string>() : null;
        Assert.True(
            version is not null && int.Parse(version.Split('.')[0], CultureInfo.InvariantCulture) >= 4,
            $"node_modules/tough-cookie is {version ?? "missing"}, older than package-lock.json's 4.x: run 'npm ci' in the repository root.");
    }
}
