namespace Streamer.Host.Tests.Dashboard;

/// <summary>Where the browser tests find Chromium, Node, playwright-core and their script; each fails with the fix when missing.</summary>
public static class BrowserTools
{
    /// <summary>Debian's Chromium binary (the <c>/usr/bin/chromium</c> wrapper prints shell noise); <c>CHROMIUM_PATH</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/lib/chromium/chromium";

    /// <summary>The repository root: the nearest directory above the test binaries that holds Streamer.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The Node script that drives the dashboard.</summary>
    public static string DashboardScript => Path.Combine(RepositoryRoot, "tests", "browser", "dashboard.mjs");

    /// <summary>Fails the test, saying how to fix it, unless Chromium and playwright-core are installed.</summary>
    public static void RequireInstalled()
    {
        // Not a skip: CI installs Chromium (.ci/run), so a missing browser there is a broken setup, not an optional test.
        Assert.True(
            File.Exists(ChromiumPath),
            $"Chromium is not installed at {ChromiumPath}. The dashboard tests drive a real browser: install it with "
            + "'sudo apt-get update && sudo apt-get install -y chromium' (.ci/run does this), or set CHROMIUM_PATH.");
        Assert.True(
            Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "playwright-core")),
            $"npm package playwright-core is missing from {RepositoryRoot}/node_modules: run 'npm ci' in the repository root.");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streamer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Streamer.sln above {AppContext.BaseDirectory}.");
    }
}
