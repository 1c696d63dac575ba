using Azure.Core;
using Azure.Identity;
using Streamer.Activities.Storage;

namespace Streamer.Api.Hosting;

/// <summary>
/// The storage account and task hub the API works in: the request index (<c>{hub}Requests</c>) and the built-in actions'
/// data sit beside the task hub, so each hub keeps its own. Each host says where they are: the ASP.NET Core host from its
/// task hub's settings, the Functions app from the settings the Functions host reads.
/// </summary>
/// <param name="Account">The storage account (<c>AzureWebJobsStorage</c>).</param>
/// <param name="TaskHubName">The task hub's name (host.json <c>extensions.durableTask.hubName</c>).</param>
internal sealed record StreamerStorage(StorageAccount Account, string TaskHubName)
{
    /// <summary>The Durable Functions extension's default hub name, when host.json names none.</summary>
    public const string DefaultTaskHubName = "TestHubName";

    private const string HubNameKey = "extensions:durableTask:hubName";

    /// <summary>
    /// Reads the settings as the Functions host does. The connection (<c>AzureWebJobsStorage</c>, or the setting host.json's
    /// <c>storageProvider.connectionName</c> names) is a connection string, or an identity-based connection: its
    /// <c>__accountName</c> (or <c>__blobServiceUri</c> and <c>__tableServiceUri</c>), with <c>__credential</c> =
    /// <c>managedidentity</c> (and <c>__clientId</c> for a user-assigned identity) or, without it, the default Azure
    /// credential chain. The hub name is host.json's <c>extensions:durableTask:hubName</c>, which an app setting
    /// <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> overrides.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is missing.</exception>
    public static StreamerStorage FromConfiguration(IConfiguration configuration)
    {
        var name = configuration["extensions:durableTask:storageProvider:connectionName"] is { Length: > 0 } configured ? configured : "AzureWebJobsStorage";
        var hub = configuration["AzureFunctionsJobHost:" + HubNameKey] is { Length: > 0 } overridden ? overridden
            : configuration[HubNameKey] is { Length: > 0 } fromHostJson ? fromHostJson
            : DefaultTaskHubName;
        return new StreamerStorage(Connection(configuration, name), hub);
    }

    private static StorageAccount Connection(IConfiguration configuration, string name)
    {
        if ((configuration[name] ?? configuration.GetConnectionString(name)) is { Length: > 0 } connectionString)
        {
            return StorageAccount.FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(name);
        var account = section["accountName"];
        var blob = section["blobServiceUri"] is { Length: > 0 } b ? new Uri(b) : account is { Length: > 0 } ? new Uri($"https://{account}.blob.core.windows.net") : null;
        var table = section["tableServiceUri"] is { Length: > 0 } t ? new Uri(t) : account is { Length: > 0 } ? new Uri($"https://{account}.table.core.windows.net") : null;
        if (blob is null || table is null)
        {
            throw new InvalidOperationException(
                $"Streamer needs the storage connection '{name}': a connection string ('UseDevelopmentStorage=true' for Azurite), or an identity-based connection " +
                $"('{name}__accountName', or '{name}__blobServiceUri' and '{name}__tableServiceUri'), in local.settings.json 'Values' or an app setting.");
        }

        return StorageAccount.FromServiceUris(blob, table, Credential(section));
    }

    private static TokenCredential Credential(IConfigurationSection section)
        => string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}
