using System.Reflection;
using System.Runtime.Loader;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook in no namespace.

/// <summary>
/// Runs before the host's Main when DOTNET_STARTUP_HOOKS names this assembly. The runtime loads it by path, but
/// ASP.NET Core loads hosting startup assemblies by name, and neither this assembly nor Streamer.Bench.Common is in
/// the host's dependency list: resolve both from this assembly's folder.
/// </summary>
public static class StartupHook
{
    /// <summary>Called by the runtime.</summary>
    public static void Initialize()
    {
        var folder = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name == typeof(StartupHook).Assembly.GetName().Name)
            {
                return typeof(StartupHook).Assembly;
            }

            var candidate = Path.Combine(folder, name.Name + ".dll");
            return name.Name?.StartsWith("Streamer.Bench.", StringComparison.Ordinal) == true && File.Exists(candidate)
                ? context.LoadFromAssemblyPath(candidate)
                : null;
        };
    }
}
