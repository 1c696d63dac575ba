using System.Text.Json;
using Streamer.Host.Tests.Dashboard;
using Streamer.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Streamer.Host.Tests.Security;

/// <summary>
/// The browser as the attacker (tests/browser/attacker.mjs, real headless Chromium): a page on another local origin,
/// and a page that reaches the host through DNS rebinding, try to mint a development token and read the API.
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class AttackerPageBrowserTests(StreamerAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_of_another_origin_or_a_rebound_name_gets_no_token_and_reads_nothing()
    {
        BrowserTools.RequireInstalled();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = await NodeScript.RunAsync(
            Path.Combine(BrowserTools.RepositoryRoot, "tests", "browser", "attacker.mjs"),
            BrowserTools.RepositoryRoot,
            new Dictionary<string, string> { ["STREAMER_URL"] = app.BaseAddress.AbsoluteUri, ["CHROMIUM_PATH"] = BrowserTools.ChromiumPath },
            deadline.Token);

        output.WriteLine(run.Output);
        output.WriteLine(run.Errors);
        Assert.True(run.ExitCode == 0, $"the attacker's page got in ({run.ExitCode}):\n{run.Output}\n{run.Errors}");

        // The browser did send the simple requests, so the host itself refused them: 415 for text/plain from the other
        // origin (no preflight was needed, and none was granted for JSON), and 400 for every call under the rebound name.
        var result = JsonSerializer.Deserialize<JsonElement>(run.Output.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal))["RESULT ".Length..]);
        var seen = result.GetProperty("seen").EnumerateArray().Select(s => (Url: s.GetProperty("url").GetString()!, Status: s.GetProperty("status").GetInt32())).ToList();
        Assert.Contains(seen, s => s.Url.StartsWith(app.BaseAddress.AbsoluteUri, StringComparison.Ordinal) && s.Url.EndsWith("/api/dev/token", StringComparison.Ordinal) && s.Status == 415);
        var rebound = seen.Where(s => s.Url.Contains("rebind.attacker.example", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rebound);
        Assert.All(rebound, s => Assert.Equal(400, s.Status));
        Assert.False(result.GetProperty("crossOrigin").GetProperty("textPlain").GetProperty("readable").GetBoolean(), "the other origin could read the host's answer");
    }
}
