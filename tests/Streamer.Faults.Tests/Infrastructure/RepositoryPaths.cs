namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>
/// Where the host the tests start was built: the same configuration as the tests (their project reference builds it),
/// e.g. <c>Streamer.Host/bin/Release/net10.0/Streamer.Host.dll</c>, as the bench harness finds it.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the folder two levels above the tests' own output folder.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostDll
    {
        get
        {
            var path = Path.Combine(Root, "Streamer.Host", "bin", Configuration, "net10.0", "Streamer.Host.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"'{path}' is missing; `dotnet build tests/Streamer.Faults.Tests -c {Configuration}` builds it.", path);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streamer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Streamer.sln above '{AppContext.BaseDirectory}'.");
    }
}
