namespace Streamer.Durable.Bench;

/// <summary>Files of the repository the benchmark reads, found by walking up from the program's folder to Streamer.sln.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The host.json the Function App ships; configuration (b) and its variations start from it.</summary>
    public static string HostJson => Path.Combine(Root, "Streamer.Functions", "host.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streamer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Streamer.sln was not found above {AppContext.BaseDirectory}.");
    }
}
