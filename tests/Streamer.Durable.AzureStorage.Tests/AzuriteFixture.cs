using Microsoft.Extensions.Logging;
using Streamer.Testing.Azurite;

namespace Streamer.Durable.AzureStorage.Tests;

/// <summary>
/// One in-memory Azurite server for every test class in the <see cref="AzuriteCollection"/>. Tests
/// isolate themselves by task hub name (<see cref="NewTaskHubName"/>), not by server.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    /// <summary>The running server.</summary>
    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>A connection string for the development account on the running server.</summary>
    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>A task hub name no other test uses: "t" and 12 hex digits.</summary>
    public static string NewTaskHubName() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A backend on a fresh task hub of the running server, created and ready, tuned for tests: an
    /// idle queue is polled at least once a second and partition leases are short.
    /// </summary>
    public async Task<AzureStorageOrchestrationBackend> CreateBackendAsync(ILoggerFactory loggerFactory, int maxDequeueCount = 10, CancellationToken cancellationToken = default)
    {
        var backend = new AzureStorageOrchestrationBackend(
            new AzureStorageBackendOptions
            {
                ConnectionString = ConnectionString,
                TaskHubName = NewTaskHubName(),
                MaxDequeueCount = maxDequeueCount,
                MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                PartitionLeaseDuration = TimeSpan.FromSeconds(15),
                PartitionLeaseRenewInterval = TimeSpan.FromSeconds(2),
            },
            loggerFactory: loggerFactory);
        await backend.CreateIfNotExistsAsync(cancellationToken);
        return backend;
    }

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(persistToDisk: false);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }
}

/// <summary>Test classes marked <c>[Collection(AzuriteCollection.Name)]</c> share one <see cref="AzuriteFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
