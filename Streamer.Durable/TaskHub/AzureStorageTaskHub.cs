using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Configuration;

namespace Streamer.Durable.TaskHub;

/// <summary>
/// The one <see cref="AzureStorageOrchestrationService"/> a host shares between its worker and its clients, as the
/// Durable Functions extension does: the Durable Functions task hub layout (<c>{hub}Instances</c>, <c>{hub}History</c>,
/// <c>{hub}-control-NN</c>, <c>{hub}-workitems</c>, <c>{hub}Partitions</c>, lease and large-message containers).
/// </summary>
public sealed class AzureStorageTaskHub : IDisposable
{
    private readonly Lazy<AzureStorageOrchestrationService> _service;

    /// <summary>Creates the task hub's service from its settings; nothing touches storage until it is used.</summary>
    public AzureStorageTaskHub(TaskHubSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Settings = settings;
        ServiceSettings = settings.ToAzureStorageSettings(loggerFactory);
        _service = new Lazy<AzureStorageOrchestrationService>(() => new AzureStorageOrchestrationService(ServiceSettings));
    }

    /// <summary>The task hub's settings.</summary>
    public TaskHubSettings Settings { get; }

    /// <summary>The Azure Storage provider's settings the service was created with.</summary>
    public AzureStorageOrchestrationServiceSettings ServiceSettings { get; }

    /// <summary>The DTFx Azure Storage orchestration service (worker and client side).</summary>
    public AzureStorageOrchestrationService Service => _service.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_service.IsValueCreated)
        {
            _service.Value.Dispose();
        }
    }
}
