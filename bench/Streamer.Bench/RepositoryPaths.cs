namespace Streamer.Bench;

/// <summary>
/// Where the processes the harness starts were built: the same configuration as the harness itself (its project
/// references build them), e.g. <c>Streamer.Host/bin/Release/net10.0/Streamer.Host.dll</c>.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the folder two levels above the harness's own output folder.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostDll => Built("Streamer.Host", "Streamer.Host");

    public static string HookDll => Built("bench/Streamer.Bench.HostHook", "Streamer.Bench.HostHook");

    public static string BaselineDll => Built("bench/Streamer.Bench.Baseline", "Streamer.Bench.Baseline");

    public static string ClientsDll => Built("bench/Streamer.Bench.Clients", "Streamer.Bench.Clients");

    public static string EngineBenchDll => Built("bench/Streamer.Durable.Bench", "Streamer.Durable.Bench");

    private static string Built(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"'{path}' is missing; run the harness with `dotnet run -c {Configuration} --project bench/Streamer.Bench`, which builds it.", path);
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
