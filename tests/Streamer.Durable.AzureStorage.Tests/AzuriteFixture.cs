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
