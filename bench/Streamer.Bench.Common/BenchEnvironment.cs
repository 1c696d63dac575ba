using System.Runtime.InteropServices;
using System.Text.Json;

namespace Streamer.Bench.Common;

/// <summary>What the numbers were measured on.</summary>
public static class BenchEnvironment
{
    /// <summary>Cores, OS, runtime and Azurite version, for the first line of a report.</summary>
    public static string Describe()
        => $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, "
            + $"Azurite {AzuriteVersion()} (in-memory persistence, one process for blob/queue/table)";

    /// <summary>The version of the Azurite package in the repository's node_modules, or "?".</summary>
    public static string AzuriteVersion()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var package = Path.Combine(directory.FullName, "node_modules", "azurite", "package.json");
            if (File.Exists(package))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(package));
                return document.RootElement.GetProperty("version").GetString() ?? "?";
            }
        }

        return "?";
    }
}
