using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Configuration;

namespace Streamer.Durable.TaskHub;

/// <summary>
/// A host's <see cref="AzureStorageOrchestrationService"/> instances over one task hub in the Durable Functions layout
/// (<c>{hub}Instances</c>, <c>{hub}History</c>, <c>{hub}-control-NN</c>, <c>{hub}-workitems</c>, <c>{hub}Partitions</c>,
/// lease and large-message containers): <see cref="Service"/> for the worker, and <see cref="ClientService"/> for the
/// clients, whose storage calls are bounded (<see cref="RequestPathStorageOptions"/>) because an HTTP caller waits on them.
/// </summary>
public sealed class AzureStorageTaskHub : IDisposable
{
    private readonly Lazy<AzureStorageOrchestrationService> _service;
    private readonly Lazy<AzureStorageOrchestrationService> _clientService;

    /// <summary>Creates the task hub's service from its settings; nothing touches storage until it is used.</summary>
    public AzureStorageTaskHub(TaskHubSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Settings = settings;
        ServiceSettings = settings.ToAzureStorageSettings(loggerFactory);
        ClientSettings = settings.ToAzureStorageClientSettings(loggerFactory);
        MonitorSettings = settings.ToAzureStorageClientSettings(loggerFactory);
        _service = new Lazy<AzureStorageOrchestrationService>(() => new AzureStorageOrchestrationService(ServiceSettings));
        _clientService = new Lazy<AzureStorageOrchestrationService>(() => new AzureStorageOrchestrationService(ClientSettings));
    }

    /// <summary>The task hub's settings.</summary>
    public TaskHubSettings Settings { get; }

    /// <summary>The Azure Storage provider's settings the service was created with.</summary>
    public AzureStorageOrchestrationServiceSettings ServiceSettings { get; }

    /// <summary>The settings of <see cref="ClientService"/>: the same hub, with bounded storage clients.</summary>
    public AzureStorageOrchestrationServiceSettings ClientSettings { get; }

    /// <summary>
    /// The settings the queue gauges' performance monitor reads with: bounded clients of their own, because DTFx adds its
    /// pipeline policies to the client options of every service or monitor built on a settings object.
    /// </summary>
    public AzureStorageOrchestrationServiceSettings MonitorSettings { get; }

    /// <summary>The DTFx Azure Storage orchestration service the worker runs on (the storage clients' default retries).</summary>
    public AzureStorageOrchestrationService Service => _service.Value;

    /// <summary>A client-only service over the same hub for the <c>DurableTaskClient</c>; it is never started as a worker.</summary>
    public AzureStorageOrchestrationService ClientService => _clientService.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_service.IsValueCreated)
        {
            _service.Value.Dispose();
        }

        if (_clientService.IsValueCreated)
        {
            _clientService.Value.Dispose();
        }
    }
}
