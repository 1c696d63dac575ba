using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Tests.Conformance;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// When a commit fails (storage down, or the host stopping), the backend releases the instance at once so its
/// messages are retried, and the worker then abandons the work item as well. That second release must not
/// undo a lock another worker has taken on the instance in between.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LockReleaseTests : IDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the instance must stay unavailable while the second work item holds it.</summary>
    private static readonly TimeSpan StaysLockedFor = TimeSpan.FromSeconds(3);

    private readonly AzuriteFixture _azurite;
    private readonly ILoggerFactory _loggerFactory;

    public LockReleaseTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    [Fact]
    public async Task Abandoning_a_work_item_whose_commit_failed_does_not_release_the_next_lock_on_the_instance()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        await using var backend = await _azurite.CreateBackendAsync(_loggerFactory, cancellationToken: deadline.Token);
        var client = new DurableTaskClient(backend);
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.EchoThroughActivity, "x", cancellationToken: deadline.Token);

        // The first commit fails (here: cancelled); the backend releases the instance and its messages come back.
        var first = await backend.LockNextOrchestrationWorkItemAsync(deadline.Token);
        Assert.Equal(instanceId, first.InstanceId);
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => backend.CompleteOrchestrationWorkItemAsync(first, new OrchestrationWorkItemResult { NewEvents = [] }, cancelled.Token));
        }

        // Another worker locks it; then the first worker, as the engine's worker does after a failed commit, abandons.
        var second = await backend.LockNextOrchestrationWorkItemAsync(deadline.Token);
        Assert.Equal(instanceId, second.InstanceId);
        await backend.AbandonOrchestrationWorkItemAsync(first, deadline.Token);

        // The instance is still the second work item's: nobody else may lock it.
        using (var probe = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
        {
            probe.CancelAfter(StaysLockedFor);
            try
            {
                var third = await backend.LockNextOrchestrationWorkItemAsync(probe.Token);
                Assert.Fail($"'{third.InstanceId}' was locked again while another work item still held it.");
            }
            catch (OperationCanceledException) when (probe.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
            }
        }

        // Once the holder lets go, the instance is available again.
        await backend.AbandonOrchestrationWorkItemAsync(second, deadline.Token);
        Assert.Equal(instanceId, (await backend.LockNextOrchestrationWorkItemAsync(deadline.Token)).InstanceId);
    }

    public void Dispose() => _loggerFactory.Dispose();
}
