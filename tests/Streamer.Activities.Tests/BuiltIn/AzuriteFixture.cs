using Streamer.Activities.BuiltIn.Storage;
using Streamer.Testing.Azurite;

namespace Streamer.Activities.Tests.BuiltIn;

/// <summary>One real Azurite for the storage-backed action tests; each test gets its own name prefix and owner.</summary>
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

    /// <summary>Storage with tables and containers of its own (a fresh name prefix).</summary>
    internal BuiltInStorage NewStorage(TimeProvider? time = null)
        => new(new BuiltInStorageOptions { Account = Streamer.Activities.Storage.StorageAccount.FromConnectionString(ConnectionString), NamePrefix = "t" + Guid.NewGuid().ToString("N")[..12] }, time ?? TimeProvider.System);
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "BuiltInAzurite";
}
