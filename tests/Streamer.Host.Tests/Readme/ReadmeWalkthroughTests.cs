using System.Text.RegularExpressions;

namespace Streamer.Host.Tests.Readme;

/// <summary>
/// The README's walkthrough shows files a new user creates; those files live here (in this namespace) and are
/// built and tested with the rest. This keeps the README's copies identical to them, so the walkthrough works when
/// followed literally.
/// </summary>
public sealed partial class ReadmeWalkthroughTests
{
    [Theory]
    [InlineData("tests/Streamer.Host.Tests/Readme/WordCountHandler.cs")]
    [InlineData("tests/Streamer.Host.Tests/Readme/WordCountHandlerTests.cs")]
    [InlineData("tests/Streamer.Host.Tests/Readme/Greetings.cs")]
    [InlineData("tests/Streamer.Host.Tests/Readme/GreetingsTests.cs")]
    public void The_readme_shows_the_tested_file(string path)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = WalkthroughBlock().Matches(readme).FirstOrDefault(m => m.Groups["source"].Value == path);
        Assert.True(block is not null, $"README.md has no code block marked <!-- walkthrough: … (tested as {path}) -->.");

        var shown = Normalize(block.Groups["code"].Value);
        var tested = Normalize(File.ReadAllText(Path.Combine(root, path)));
        Assert.Equal(tested, shown);
    }

    // The user's files sit in Streamer.Activities/My… and tests/Streamer.Host.Tests/My…; the tested copies in this namespace.
    private static string Normalize(string code)
        => string.Join('\n', code.ReplaceLineEndings("\n").Trim().Split('\n')
            .Where(line => line is not ("using Streamer.Activities.MyActions;" or "using Streamer.Activities.MyOrchestrations;"))
            .Select(line => line.StartsWith("namespace Streamer.", StringComparison.Ordinal) ? "namespace …;" : line));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Streamer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Streamer.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- walkthrough: (?<file>\S+) \(tested as (?<source>\S+)\) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex WalkthroughBlock();
}
