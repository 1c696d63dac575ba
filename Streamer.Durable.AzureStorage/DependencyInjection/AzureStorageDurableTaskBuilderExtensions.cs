using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Streamer.Durable.AzureStorage;
using Streamer.Durable.AzureStorage.Monitoring;
using Streamer.Durable.DependencyInjection;

// Extension methods live in the DI namespace so `using Microsoft.Extensions.DependencyInjection;` finds them.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the Azure Storage backend in <c>AddDurableTask</c>.</summary>
public static class AzureStorageDurableTaskBuilderExtensions
{
    /// <summary>
    /// Keeps the task hub in an Azure Storage account (or Azurite). The task hub's tables, queues and
    /// containers are created when the host starts, and the queue backlog is published as a metric (meter
    /// <c>Streamer.Durable.AzureStorage</c>).
    /// </summary>
    public static DurableTaskBuilder UseAzureStorage(this DurableTaskBuilder builder, Func<IServiceProvider, AzureStorageBackendOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddHostedService<QueueBacklogMonitor>();
        return builder.UseBackend(sp => new AzureStorageOrchestrationBackend(
            options(sp), sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
    }

    /// <summary>
    /// Keeps the task hub in the Azure Storage account that an Azure Functions app's configuration names,
    /// with the names <c>host.json</c> uses:
    /// <list type="bullet">
    /// <item>the connection string is the setting named by <c>extensions:durableTask:storageProvider:connectionName</c>, by default <c>AzureWebJobsStorage</c>;</item>
    /// <item><c>extensions:durableTask:hubName</c>;</item>
    /// <item><c>extensions:durableTask:storageProvider:</c> <c>partitionCount</c>, <c>maxQueuePollingInterval</c>, <c>maxDequeueCount</c>,
    /// <c>workItemQueueVisibilityTimeout</c>, <c>partitionLeaseDuration</c>, <c>partitionLeaseRenewInterval</c>.</item>
    /// </list>
    /// </summary>
    public static DurableTaskBuilder UseAzureStorage(this DurableTaskBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.UseAzureStorage(_ => ReadOptions(configuration));
    }

    /// <summary>Reads <see cref="AzureStorageBackendOptions"/> from Functions-style configuration; see <see cref="UseAzureStorage(DurableTaskBuilder, IConfiguration)"/>.</summary>
    /// <exception cref="InvalidOperationException">The connection setting is missing or a value cannot be parsed.</exception>
    public static AzureStorageBackendOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var durable = configuration.GetSection("extensions:durableTask");
        var storage = durable.GetSection("storageProvider");
        var connectionName = storage["connectionName"] ?? "AzureWebJobsStorage";
        var connectionString = configuration[connectionName] ?? configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The Azure Storage task hub needs a connection string in the '{connectionName}' setting (local.settings.json 'Values' or an environment variable); use 'UseDevelopmentStorage=true' for Azurite.");
        }

        var defaults = new AzureStorageBackendOptions { ConnectionString = connectionString };
        return new AzureStorageBackendOptions
        {
            ConnectionString = connectionString,
            TaskHubName = durable["hubName"] ?? defaults.TaskHubName,
            PartitionCount = Read(storage, "partitionCount", int.Parse, defaults.PartitionCount),
            MaxDequeueCount = Read(storage, "maxDequeueCount", int.Parse, defaults.MaxDequeueCount),
            MaxQueuePollingInterval = Read(storage, "maxQueuePollingInterval", TimeSpan.Parse, defaults.MaxQueuePollingInterval),
            MessageVisibilityTimeout = Read(storage, "workItemQueueVisibilityTimeout", TimeSpan.Parse, defaults.MessageVisibilityTimeout),
            PartitionLeaseDuration = Read(storage, "partitionLeaseDuration", TimeSpan.Parse, defaults.PartitionLeaseDuration),
            PartitionLeaseRenewInterval = Read(storage, "partitionLeaseRenewInterval", TimeSpan.Parse, defaults.PartitionLeaseRenewInterval),
        };
    }

    private static T Read<T>(IConfigurationSection section, string key, Func<string, IFormatProvider, T> parse, T fallback)
    {
        var value = section[key];
        if (value is null)
        {
            return fallback;
        }

        try
        {
            return parse(value, CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"'{section.Path}:{key}' is '{value}', which is not a valid {typeof(T).Name}.", ex);
        }
        catch (OverflowException ex)
        {
            throw new InvalidOperationException($"'{section.Path}:{key}' is '{value}', which is out of range.", ex);
        }
    }
}
