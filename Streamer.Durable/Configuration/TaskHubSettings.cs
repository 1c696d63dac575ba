using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Streamer.Durable.Configuration;

/// <summary>
/// A task hub's resolved configuration: the <c>extensions.durableTask</c> options and the storage connection string they
/// name. Turns them into the Azure Storage provider's settings.
/// </summary>
public sealed class TaskHubSettings
{
    /// <summary>Creates settings from options and a connection string; throws when either is invalid.</summary>
    public TaskHubSettings(DurableTaskOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options.Validate();
        Options = options;
        ConnectionString = connectionString;
    }

    /// <summary>The <c>extensions.durableTask</c> options.</summary>
    public DurableTaskOptions Options { get; }

    /// <summary>The storage account's connection string; <c>UseDevelopmentStorage=true</c> for Azurite on its default ports.</summary>
    public string ConnectionString { get; }

    /// <summary>The task hub's name.</summary>
    public string TaskHubName => Options.HubName;

    /// <summary>Identifies this host in partition leases and logs.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// Reads <c>extensions:durableTask</c> and the connection string from the setting it names (by default
    /// <c>AzureWebJobsStorage</c>), as the Functions host does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection setting is missing or a value is invalid.</exception>
    public static TaskHubSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DurableTaskOptions();
        try
        {
            configuration.GetSection(DurableTaskOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"The '{DurableTaskOptions.Section}' section of host.json is invalid: {ex.Message}", ex);
        }

        var connectionName = options.StorageProvider.ConnectionName;
        var connectionString = configuration[connectionName] ?? configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The task hub needs a storage connection string in the '{connectionName}' setting (local.settings.json 'Values' or an environment variable); use 'UseDevelopmentStorage=true' for Azurite.");
        }

        try
        {
            return new TaskHubSettings(options, connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    /// <summary>The Azure Storage provider's settings for this hub, as the Durable Functions extension maps them (the worker's: the storage clients' default retries).</summary>
    public AzureStorageOrchestrationServiceSettings ToAzureStorageSettings(ILoggerFactory loggerFactory)
        => ToAzureStorageSettings(loggerFactory, new StorageAccountClientProvider(ConnectionString));

    /// <summary>
    /// The same settings for a client-only service, whose calls an HTTP caller waits for: its storage clients retry and
    /// wait within <see cref="RequestPathStorageOptions"/>, so an outage answers fast instead of hanging on retries.
    /// </summary>
    public AzureStorageOrchestrationServiceSettings ToAzureStorageClientSettings(ILoggerFactory loggerFactory)
        => ToAzureStorageSettings(loggerFactory, new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(ConnectionString, RequestPathStorageOptions.Apply(new BlobClientOptions())),
            StorageServiceClientProvider.ForQueue(ConnectionString, RequestPathStorageOptions.Apply(new QueueClientOptions())),
            StorageServiceClientProvider.ForTable(ConnectionString, RequestPathStorageOptions.Apply(new TableClientOptions()))));

    // DTFx adds its pipeline policies to the provider's options object, so each settings object gets its own provider.
    private AzureStorageOrchestrationServiceSettings ToAzureStorageSettings(ILoggerFactory loggerFactory, StorageAccountClientProvider clients)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var storage = Options.StorageProvider;
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = clients,
            TaskHubName = Options.HubName,
            WorkerId = WorkerId,
            AppName = Options.HubName,
            PartitionCount = storage.PartitionCount,
            ControlQueueBatchSize = storage.ControlQueueBatchSize,
            ControlQueueBufferThreshold = storage.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = storage.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = storage.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = storage.MaxQueuePollingInterval,
            FetchLargeMessageDataEnabled = storage.FetchLargeMessagesAutomatically,
            LeaseInterval = storage.PartitionLeaseInterval,
            LeaseRenewInterval = storage.PartitionLeaseRenewInterval,
            LeaseAcquireInterval = storage.PartitionLeaseAcquireInterval,
            MaxConcurrentTaskActivityWorkItems = Options.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = Options.MaxConcurrentOrchestratorFunctions,
            ExtendedSessionsEnabled = Options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(Options.ExtendedSessionIdleTimeoutInSeconds),

            // DTFx's default (false) drops a start whose instance id is taken without a word; durabletask-dotnet's client
            // promises OrchestrationAlreadyExistsException, which HTTP callers turn into 409.
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory,
        };
    }
}
