using Microsoft.Extensions.Configuration.Json;

namespace Streamer.Functions.Hosting;

/// <summary>
/// The worker does not see host.json (the Functions host reads it), but the API needs its hub name and functionTimeout:
/// host.json beside the worker's binaries becomes the lowest configuration source, so every app setting wins over it (the
/// hub name's override is <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c>, read as the Functions host does).
/// </summary>
internal static class HostJsonConfiguration
{
    public static IConfigurationBuilder AddHostJsonFirst(this IConfigurationBuilder configuration, string directory)
    {
        var hostJson = new JsonConfigurationSource { Path = Path.Combine(directory, "host.json"), Optional = false };
        // An absolute path needs a file provider for its directory; without one the default provider looks elsewhere.
        hostJson.ResolveFileProvider();
        configuration.Sources.Insert(0, hostJson);
        return configuration;
    }
}
