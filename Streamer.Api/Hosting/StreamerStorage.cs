namespace Streamer.Api.Hosting;

/// <summary>
/// The storage account and task hub the API works in: the request index (<c>{hub}Requests</c>) and the built-in actions'
/// data sit beside the task hub, so each hub keeps its own. Each host says where they are: the ASP.NET Core host from its
/// task hub's settings, the Functions app from the settings the Functions host reads.
/// </summary>
/// <param name="ConnectionString">The storage connection string (<c>AzureWebJobsStorage</c>).</param>
/// <param name="TaskHubName">The task hub's name (host.json <c>extensions.durableTask.hubName</c>).</param>
internal sealed record StreamerStorage(string ConnectionString, string TaskHubName)
{
    /// <summary>The Durable Functions extension's default hub name, when host.json names none.</summary>
    public const string DefaultTaskHubName = "TestHubName";

    /// <summary>
    /// Reads the settings as the Functions host does: the connection from <c>AzureWebJobsStorage</c> and the hub name
    /// from host.json's <c>extensions:durableTask:hubName</c>, which an app setting
    /// <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> overrides.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection setting is missing.</exception>
    public static StreamerStorage FromConfiguration(IConfiguration configuration)
    {
        const string hubName = "extensions:durableTask:hubName";
        var connection = configuration["extensions:durableTask:storageProvider:connectionName"] is { Length: > 0 } name ? name : "AzureWebJobsStorage";
        var connectionString = configuration[connection] ?? configuration.GetConnectionString(connection);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Streamer needs a storage connection string in the '{connection}' setting (local.settings.json 'Values' or an app setting); use 'UseDevelopmentStorage=true' for Azurite.");
        }

        var hub = configuration["AzureFunctionsJobHost:" + hubName] is { Length: > 0 } overridden ? overridden
            : configuration[hubName] is { Length: > 0 } configured ? configured
            : DefaultTaskHubName;
        return new StreamerStorage(connectionString, hub);
    }
}
