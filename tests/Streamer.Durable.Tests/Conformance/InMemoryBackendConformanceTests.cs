using Streamer.Durable.Backends;
using Streamer.Durable.Backends.InMemory;
using Xunit.Abstractions;

namespace Streamer.Durable.Tests.Conformance;

public sealed class InMemoryBackendConformanceTests(ITestOutputHelper output) : BackendConformanceTests(output)
{
    protected override Task<IOrchestrationBackend> CreateBackendAsync()
        => Task.FromResult<IOrchestrationBackend>(new InMemoryOrchestrationBackend());
}
