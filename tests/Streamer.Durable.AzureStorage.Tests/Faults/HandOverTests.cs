using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.Tests.Conformance;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>
/// A host receives control messages ahead of processing them, and they stay invisible to every other host
/// for the visibility timeout (five minutes by default). A host that gives a partition up — to balance, or
/// because it is stopping — must put them back, or the partition's instances stall for that long under the
/// next owner. The host kill test sees the same stall (shortened to its 20 s timeout) when partitions move
/// at scale-out.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HandOverTests : IDisposable
{
    /// <summary>Far below the default visibility timeout, so a message left hidden cannot pass for one given back.</summary>
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Shorter than the bound on waiting for a partition's work, (15 s lease − 2 s renew interval) / 2.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RaiseInterval = TimeSpan.FromMilliseconds(250);

    private readonly AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly ILoggerFactory _loggerFactory;

    public HandOverTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    [Fact]
    public async Task Messages_a_stopping_host_had_received_reach_the_next_host_without_waiting_out_their_visibility_timeout()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        var options = new AzureStorageBackendOptions
        {
            ConnectionString = _azurite.ConnectionString,
            TaskHubName = AzuriteFixture.NewTaskHubName(),
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            PartitionLeaseDuration = TimeSpan.FromSeconds(15),
            PartitionLeaseRenewInterval = TimeSpan.FromSeconds(2),
        };
        Assert.True(options.MessageVisibilityTimeout >= TimeSpan.FromMinutes(5), "The test relies on the default visibility timeout.");
        string[] instances = ["first", "second"];

        var stopping = new AzureStorageOrchestrationBackend(options, loggerFactory: _loggerFactory);
        await stopping.CreateIfNotExistsAsync(deadline.Token);
        var client = new DurableTaskClient(stopping);
        foreach (var id in instances)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.EchoThroughActivity, id, new StartOrchestrationOptions(id), deadline.Token);
        }

        // The stopping host receives both start messages: it locks one instance and holds the other's message.
        var locked = await stopping.LockNextOrchestrationWorkItemAsync(deadline.Token);
        await stopping.AbandonOrchestrationWorkItemAsync(locked, deadline.Token);
        await stopping.DisposeAsync();

        await using var next = new AzureStorageOrchestrationBackend(options, loggerFactory: _loggerFactory);
        var received = new List<string>();
        try
        {
            while (received.Count < instances.Length)
            {
                var workItem = await next.LockNextOrchestrationWorkItemAsync(deadline.Token);
                received.Add(workItem.InstanceId);
                await next.AbandonOrchestrationWorkItemAsync(workItem, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"After the first host stopped, the next one got work for [{string.Join(", ", received)}] only, within {WaitTimeout.TotalSeconds} s; the other messages stay hidden until their visibility timeout ({options.MessageVisibilityTimeout}).");
        }

        Assert.Equal(instances.Order(), received.Distinct().Order());
    }

    [Fact]
    public async Task A_host_releases_a_partition_to_a_newcomer_only_after_finishing_the_work_it_holds_on_it()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        var hub = AzuriteFixture.NewTaskHubName();
        AzureStorageBackendOptions Options(string workerId) => new()
        {
            ConnectionString = _azurite.ConnectionString,
            TaskHubName = hub,
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            PartitionLeaseDuration = TimeSpan.FromSeconds(15),
            PartitionLeaseRenewInterval = TimeSpan.FromSeconds(2),
            WorkerId = workerId,
        };
        var instances = Enumerable.Range(0, 8).Select(i => $"held-{i}").ToList(); // Almost surely on both partitions.

        // The incumbent owns both partitions and starts every instance (they wait for an event); then it stops
        // running work (the backend stays, with its partitions) and locks each instance as its event arrives.
        var incumbent = new AzureStorageOrchestrationBackend(Options("incumbent"), loggerFactory: _loggerFactory);
        await incumbent.CreateIfNotExistsAsync(deadline.Token);
        await using var env = await WorkerEnvironment.StartAsync(incumbent, _output);
        var client = env.Client;
        foreach (var id in instances)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.WaitForApproval, null, new StartOrchestrationOptions(id), deadline.Token);
        }

        foreach (var id in instances)
        {
            await client.WaitForInstanceStartAsync(id, cancellationToken: deadline.Token);
        }

        await env.StopWorkerAsync();
        var held = new List<OrchestrationWorkItem>();
        foreach (var id in instances)
        {
            await client.RaiseEventAsync(id, ConformanceTasks.ApprovalEvent, "first", deadline.Token);
        }

        while (held.Count < instances.Count)
        {
            held.Add(await incumbent.LockNextOrchestrationWorkItemAsync(deadline.Token));
        }

        // A newcomer joins, and the incumbent gives it one partition. Meanwhile messages keep arriving for the held
        // instances, so whoever owns the partition has work for them. Whatever the newcomer locks must not be held any more.
        using var stopRaising = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var raising = Task.Run(async () =>
        {
            while (!stopRaising.IsCancellationRequested)
            {
                foreach (var id in instances)
                {
                    await client.RaiseEventAsync(id, ConformanceTasks.ApprovalEvent, "again", deadline.Token);
                }

                await Task.Delay(RaiseInterval, deadline.Token);
            }
        });
        await using var newcomer = new AzureStorageOrchestrationBackend(Options("newcomer"), loggerFactory: _loggerFactory);
        var firstLock = new TaskCompletionSource<(string InstanceId, long At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var locking = Task.Run(async () =>
        {
            var workItem = await newcomer.LockNextOrchestrationWorkItemAsync(deadline.Token);
            firstLock.TrySetResult((workItem.InstanceId, Stopwatch.GetTimestamp()));
            await newcomer.AbandonOrchestrationWorkItemAsync(workItem, deadline.Token);
        });

        // Hold everything for longer than the hand-over takes without waiting (two renew intervals), then let go.
        await Task.WhenAny(firstLock.Task, Task.Delay(HoldFor, deadline.Token));
        await stopRaising.CancelAsync();
        await raising;
        var releasedAt = Stopwatch.GetTimestamp();
        foreach (var workItem in held)
        {
            await incumbent.AbandonOrchestrationWorkItemAsync(workItem, deadline.Token);
        }

        try
        {
            var (instanceId, at) = await firstLock.Task.WaitAsync(deadline.Token);
            Assert.True(
                at > releasedAt,
                $"The newcomer locked '{instanceId}' {Stopwatch.GetElapsedTime(at, releasedAt).TotalSeconds:F1} s before the incumbent let go of it: both held it at once.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"The newcomer locked nothing within {WaitTimeout.TotalSeconds} s of joining.");
        }

        await locking;
    }

    public void Dispose() => _loggerFactory.Dispose();
}
