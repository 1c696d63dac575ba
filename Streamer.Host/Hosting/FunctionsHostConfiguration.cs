using System.Text.Json;
using Streamer.Api.Hosting;

namespace Streamer.Host.Hosting;

/// <summary>
/// Reads the Functions app's <c>host.json</c> and <c>local.settings.json</c> the way Azure Functions Core Tools does:
/// host.json sections become configuration as-is (e.g. <c>extensions:durableTask</c>), the
/// <c>Values</c> of local.settings.json become app settings (<c>__</c> separates sections), and
/// <c>Host.LocalHttpPort</c> sets the port (default 7071).
/// </summary>
internal static class FunctionsHostConfiguration
{
    public const int DefaultPort = 7071;

    public static WebApplicationBuilder AddFunctionsHostFiles(this WebApplicationBuilder builder)
    {
        // The files are the Functions app's (Streamer.Functions/), copied beside this host's binaries by its build; a
        // content root that has its own (a published folder, a test's) is read first.
        var root = File.Exists(Path.Combine(builder.Environment.ContentRootPath, "host.json")) ? builder.Environment.ContentRootPath : AppContext.BaseDirectory;
        builder.Configuration.AddJsonFile(Path.Combine(root, "host.json"), optional: true, reloadOnChange: false);
        var settings = ReadLocalSettings(Path.Combine(root, "local.settings.json"));
        builder.Configuration.AddInMemoryCollection(settings);

        // Environment variables and the command line still win, as on the Functions host.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(Environment.GetCommandLineArgs().Skip(1).ToArray());
        return builder;
    }

    public static int GetHttpPort(this IConfiguration configuration)
        => configuration.GetValue("Host:LocalHttpPort", DefaultPort);

    private static Dictionary<string, string?> ReadLocalSettings(string path)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return settings;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var values))
        {
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ToString();
            }
        }

        if (document.RootElement.TryGetProperty("Host", out var host))
        {
            foreach (var value in host.EnumerateObject())
            {
                settings[$"Host:{value.Name}"] = value.Value.ToString();
            }
        }

        return settings;
    }
}
