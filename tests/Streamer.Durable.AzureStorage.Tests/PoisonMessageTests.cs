using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Tests.Conformance;
using Streamer.Durable.Worker;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests;

/// <summary>An activity message that keeps coming back undone is moved to the poison queue and its task is failed, instead of looping forever.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonMessageTests : IDisposable
{
    private const string CallsPoisonous = nameof(CallsPoisonous);
    private const string PoisonousActivity = "Poisonous";
    private const int MaxDequeueCount = 3;

    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Shutdown grace for the workers. Not zero: the backend sends the activity message before it writes
    /// the episode's history, so the activity can start while that commit is still in flight, and a zero
    /// grace would cancel the commit too. With nothing else in flight, the grace only delays the abandon.
    /// </summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    /// <summary>Completed when <see cref="PoisonousActivity"/> starts, per instance id.</summary>
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> ActivityStarted = new();

    /// <summary>How many times <see cref="PoisonousActivity"/> ran, per instance id.</summary>
    private static readonly ConcurrentDictionary<string, int> ActivityRuns = new();

    /// <summary>Never completed: the activity only ends when the worker's shutdown cancels it.</summary>
    private static readonly TaskCompletionSource Never = new();

    private readonly AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly ILoggerFactory _loggerFactory;

    public PoisonMessageTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    [Fact]
    public async Task Activity_message_delivered_more_than_MaxDequeueCount_times_goes_to_the_poison_queue_and_fails_the_orchestration()
    {
        using var deadline = new CancellationTokenSource(WaitTimeout);
        await using var backend = await _azurite.CreateBackendAsync(_loggerFactory, MaxDequeueCount, deadline.Token);
        var poisonQueue = new QueueClient(_azurite.ConnectionString, backend.PoisonQueueName);
        var instanceId = Guid.NewGuid().ToString("N");
        var started = ActivityStarted.GetOrAdd(instanceId, _ => NewSignal());

        // Delivery 1: a worker starts the activity and is stopped; the activity never finishes, so it is abandoned.
        using (var host = await StartWorkerAsync(backend, deadline.Token))
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(CallsPoisonous, null, new StartOrchestrationOptions(instanceId), deadline.Token);
            await WaitOrTimeOutAsync(started.Task, "the activity to start on the first worker", deadline.Token);
            await WaitUntilTaskScheduledIsCommittedAsync(client, instanceId, deadline.Token);
            await host.StopAsync(deadline.Token);
        }

        Assert.Equal(1, ActivityRuns[instanceId]);

        // Deliveries 2..MaxDequeueCount: with no worker running, lock and abandon until the message is poisoned.
        var deliveries = 1;
        var poisoned = false;
        while (!poisoned)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            var locking = backend.LockNextActivityWorkItemAsync(attempt.Token);
            var poisonAppeared = WaitForPoisonMessageAsync(poisonQueue, attempt.Token);
            await Task.WhenAny(locking, poisonAppeared);
            await attempt.CancelAsync();
            var workItem = await ResultOrDefaultIfCancelledAsync(locking);
            poisoned = await ResultOrDefaultIfCancelledAsync(poisonAppeared);

            if (workItem is not null)
            {
                deliveries++;
                Assert.Equal(instanceId, workItem.Instance.InstanceId);
                Assert.Equal(PoisonousActivity, workItem.Scheduled.Name);
                Assert.True(
                    deliveries <= MaxDequeueCount,
                    $"The activity message was handed out {deliveries} times with MaxDequeueCount = {MaxDequeueCount}; it should have been moved to the poison queue instead (poison queue has a message: {poisoned}).");
                await backend.AbandonActivityWorkItemAsync(workItem, deadline.Token);
            }
            else if (!poisoned)
            {
                throw new TimeoutException(
                    $"After {deliveries} deliveries the activity message was neither handed out again nor copied to poison queue '{backend.PoisonQueueName}' within {WaitTimeout.TotalSeconds} s.");
            }
        }

        Assert.Equal(MaxDequeueCount, deliveries);
        var peeked = await poisonQueue.PeekMessagesAsync(maxMessages: 32, deadline.Token);
        Assert.NotEmpty(peeked.Value);

        // A worker started afterwards sees the task failed because of the poison message, and never runs the activity again.
        using (var host = await StartWorkerAsync(backend, deadline.Token))
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var result = await WaitForCompletionAsync(client, instanceId, deadline.Token);

            Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Failed, $"Expected Failed; got {Describe(result)}");
            Assert.NotNull(result.FailureDetails);
            Assert.Equal(typeof(TaskFailedException).FullName, result.FailureDetails.ErrorType);
            var failureChain = Describe(result.FailureDetails);
            _output.WriteLine($"Delivered {deliveries} times; the orchestration failed with: {failureChain}");
            Assert.True(
                failureChain.Contains("poison", StringComparison.OrdinalIgnoreCase),
                $"The failure should say the activity message was poisoned; it is: {failureChain}");
            await host.StopAsync(deadline.Token);
        }

        Assert.Equal(1, ActivityRuns[instanceId]);
    }

    public void Dispose() => _loggerFactory.Dispose();

    private async Task<IHost> StartWorkerAsync(IOrchestrationBackend backend, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new TestOutputLoggerProvider(_output));
        builder.Services.AddDurableTask(durable => durable
            .UseBackend(backend)
            .AddTasks(Register)
            .ConfigureWorker(options => options.ShutdownTimeout = ShutdownGrace));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<string?, string>(CallsPoisonous, (context, _) => context.CallActivityAsync<string>(PoisonousActivity))
        .AddActivityFunc<string?, string>(PoisonousActivity, async (context, _) =>
        {
            ActivityRuns.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            ActivityStarted.GetOrAdd(context.InstanceId, _ => NewSignal()).TrySetResult();
            await Never.Task.WaitAsync(context.CancellationToken);
            return "unreachable";
        });

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task<bool> WaitForPoisonMessageAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var peeked = await queue.PeekMessagesAsync(maxMessages: 1, cancellationToken);
                if (peeked.Value.Length > 0)
                {
                    return true;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // The poison queue may be created only when the first message is poisoned.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Waits until the first episode's history (the scheduled activity) and Running state are stored.</summary>
    private static async Task WaitUntilTaskScheduledIsCommittedAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? last = null;
        try
        {
            while (true)
            {
                last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
                if (last?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
                {
                    var history = await client.GetHistoryAsync(instanceId, cancellationToken);
                    if (history.OfType<TaskScheduledEvent>().Any(e => e.Name == PoisonousActivity))
                    {
                        return;
                    }
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The first episode of '{instanceId}' was never committed; last state: {(last is null ? "(no instance)" : Describe(last))}");
        }
    }

    private static async Task<T?> ResultOrDefaultIfCancelledAsync<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (OperationCanceledException)
        {
            return default;
        }
    }

    private static async Task WaitOrTimeOutAsync(Task task, string what, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, CancellationToken.None);
            throw new TimeoutException($"Instance '{instanceId}' did not finish in time; last state: {(last is null ? "(no instance)" : Describe(last))}");
        }
    }

    private static string Describe(OrchestrationMetadata state)
        => $"{state.RuntimeStatus}, output {state.SerializedOutput ?? "null"}, failure {(state.FailureDetails is null ? "none" : Describe(state.FailureDetails))}";

    private static string Describe(TaskFailureDetails failure)
    {
        var parts = new List<string>();
        for (TaskFailureDetails? current = failure; current is not null; current = current.InnerFailure)
        {
            parts.Add(current.ToString());
        }

        return string.Join(" <- ", parts);
    }
}
