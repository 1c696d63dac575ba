using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Streamer.Api.Hosting;
using Streamer.Host.Tests.Dashboard;

namespace Streamer.Host.Tests.Security;

/// <summary>Outside Development a host does not start with a key that anyone can read in this repository, or a short one.</summary>
public sealed partial class PublishedKeysTests
{
    private const string GoodKey = "kY2v9Qm8Zr4Tn7Wb1Xc5Hd3Jf6Lg0Ps2Ua8Ve4";

    [Theory]
    [InlineData("local-development-only-signing-key-0123456789abcdef", null, "Streamer__Auth__SigningKey")]
    [InlineData(GoodKey, "local-development-only-system-key", "Streamer__Management__SystemKey")]
    [InlineData("short-key", null, "Streamer__Auth__SigningKey")]
    [InlineData(null, null, "Streamer__Auth__SigningKey")]
    [InlineData(GoodKey, "short-system-key", "Streamer__Management__SystemKey")]
    public void Production_refuses_a_published_short_or_missing_key_naming_the_setting(string? signingKey, string? systemKey, string setting)
    {
        var refusal = PublishedKeys.Refusal(Settings(signingKey, systemKey), Environment("Production"));

        Assert.NotNull(refusal);
        Assert.Contains(setting, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_starts_with_keys_of_its_own_and_Development_with_the_published_ones()
    {
        Assert.Null(PublishedKeys.Refusal(Settings(GoodKey, GoodKey + "-system"), Environment("Production")));
        Assert.Null(PublishedKeys.Refusal(Settings(GoodKey, null), Environment("Staging")));
        Assert.Null(PublishedKeys.Refusal(Settings("local-development-only-signing-key-0123456789abcdef", "local-development-only-system-key"), Environment("Development")));
    }

    [Fact]
    public void With_an_authority_no_signing_key_is_needed_but_a_published_one_is_still_refused()
    {
        var settings = new Dictionary<string, string?> { ["Streamer:Auth:Authority"] = "https://login.example.com/tenant" };
        Assert.Null(PublishedKeys.Refusal(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Environment("Production")));

        settings["Streamer:Auth:SigningKey"] = "local-development-only-signing-key-0123456789abcdef";
        Assert.NotNull(PublishedKeys.Refusal(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Environment("Production")));
    }

    [Fact]
    public void Every_key_written_in_the_repository_is_listed_as_published()
    {
        // Settings files, samples, docs and tests: any literal given to a SigningKey or SystemKey setting.
        var root = BrowserTools.RepositoryRoot;
        var found = new List<(string File, string Key)>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.Split(Path.DirectorySeparatorChar) is var parts && parts.Any(p => p is "node_modules" or "bin" or "obj" or ".git" or ".azurite")
                || !(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".example", StringComparison.Ordinal)
                    || file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith(".mjs", StringComparison.Ordinal)
                    || file.EndsWith(".bicepparam", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (Match match in KeyLiteral().Matches(File.ReadAllText(file)))
            {
                found.Add((relative, match.Groups["key"].Value));
            }
        }

        Assert.Contains(found, f => f.Key == "local-development-only-signing-key-0123456789abcdef");
        var unlisted = found.Where(f => !PublishedKeys.Values.Contains(f.Key) && f.Key != GoodKey && !f.Key.StartsWith("short", StringComparison.Ordinal)).ToList();
        Assert.True(unlisted.Count == 0, "keys in the repository that PublishedKeys does not list: " + string.Join(", ", unlisted.Select(u => $"{u.Key} ({u.File})")));
    }

    [Fact]
    public async Task The_host_in_Production_with_the_example_signing_key_exits_with_one_line_naming_the_setting()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(BrowserTools.RepositoryRoot, "Streamer.Host", "bin", configuration, "net10.0", "Streamer.Host.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Streamer__Auth__SigningKey"] = "local-development-only-signing-key-0123456789abcdef";
        start.Environment["Streamer__Management__SystemKey"] = GoodKey;
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["Host__LocalHttpPort"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        output.Append(await stdout).Append(await stderr);

        Assert.Equal(1, process.ExitCode);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains("Not starting", line, StringComparison.Ordinal);
        Assert.Contains("Streamer__Auth__SigningKey", line, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string? signingKey, string? systemKey)
        => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streamer:Auth:SigningKey"] = signingKey,
            ["Streamer:Management:SystemKey"] = systemKey,
        }).Build();

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };

    [GeneratedRegex("(SigningKey|SystemKey)(\"|\"\\])?\\s*[:=]\\s*\"(?<key>[^\"\\s]{8,})\"")]
    private static partial Regex KeyLiteral();
}
