using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Tests.Conformance;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests;

/// <summary>The backend conformance suite over Azurite; every test gets its own task hub.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageBackendConformanceTests : BackendConformanceTests, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly ILoggerFactory _loggerFactory;

    public AzureStorageBackendConformanceTests(AzuriteFixture azurite, ITestOutputHelper output)
        : base(output)
    {
        _azurite = azurite;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    /// <summary>Every step is a queue round trip through Azurite, and an idle worker polls at most once a second.</summary>
    protected override TimeSpan WaitTimeout => TimeSpan.FromSeconds(60);

    protected override async Task<IOrchestrationBackend> CreateBackendAsync()
        => await _azurite.CreateBackendAsync(_loggerFactory);

    public void Dispose() => _loggerFactory.Dispose();
}
