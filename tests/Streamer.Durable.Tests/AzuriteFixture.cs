using Streamer.Testing.Azurite;

namespace Streamer.Durable.Tests;

/// <summary>One real Azurite per test collection; every test isolates itself with its own task hub name.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

// Tests inside a collection run one after another; the collections run in parallel, each with its own Azurite.
[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Client";
}

[CollectionDefinition(Name)]
public sealed class QueryCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Query";
}

[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Runtime";
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Storage";
}
