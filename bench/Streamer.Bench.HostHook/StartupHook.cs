using System.Reflection;
using System.Runtime.Loader;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook in no namespace.

/// <summary>
/// Runs before the host's Main when DOTNET_STARTUP_HOOKS names this assembly. The runtime loads it by path, but
/// ASP.NET Core loads hosting startup assemblies by name, and neither this assembly nor Streamer.Bench.Common is in
/// the host's dependency list: resolve both from this assembly's folder. STREAMER_BENCH_MIN_THREADS, when set, raises the
/// thread pool's minimum worker (and I/O) threads before the host starts, so the benchmark can measure a burst with
/// and without the pool's gradual thread injection.
/// </summary>
public static class StartupHook
{
    /// <summary>Called by the runtime.</summary>
    public static void Initialize()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("STREAMER_BENCH_MIN_THREADS"), System.Globalization.CultureInfo.InvariantCulture, out var minThreads) && minThreads > 0)
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, minThreads), Math.Max(io, minThreads));
        }

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
