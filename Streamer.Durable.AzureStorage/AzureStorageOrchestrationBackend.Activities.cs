using Streamer.Durable.AzureStorage.Messaging;
using Streamer.Durable.Backends;
using Streamer.Durable.History;

namespace Streamer.Durable.AzureStorage;

// Activity work: the shared work-item queue, read by every host.
public sealed partial class AzureStorageOrchestrationBackend
{
    // Small prefetch: messages waiting in one host's buffer are invisible to the others.
    private const int ActivityPrefetch = 4;
    private readonly Queue<ReceivedMessage> _activityBuffer = new();
    private readonly AdaptivePoller _activityPoller;

    /// <inheritdoc />
    public async Task<ActivityWorkItem> LockNextActivityWorkItemAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_activityBuffer.TryDequeue(out var buffered))
                {
                    return ToWorkItem(buffered);
                }
            }

            var received = await _workItems.ReceiveAsync(ActivityPrefetch, _options.MessageVisibilityTimeout, cancellationToken);
            if (received.Count == 0)
            {
                await _activityPoller.WaitAsync(cancellationToken);
                continue;
            }

            _activityPoller.Reset();

            foreach (var message in received)
            {
                if (message.Message?.Event is not TaskScheduledEvent || message.DequeueCount > _options.MaxDequeueCount)
                {
                    await PoisonActivityAsync(message, cancellationToken);
                    continue;
                }

                lock (_gate)
                {
                    _activityBuffer.Enqueue(message);
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task RenewActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (!await _workItems.SetVisibilityAsync((ReceivedMessage)workItem.LockToken, _options.MessageVisibilityTimeout, cancellationToken))
        {
            throw new WorkItemLockLostException($"Activity '{workItem.Scheduled.Name}' of '{workItem.Instance.InstanceId}' was received by another host after its visibility lapsed; it may run again.");
        }
    }

    /// <inheritdoc />
    public async Task CompleteActivityWorkItemAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);

        // Result first, then delete: a crash in between runs the activity again, and the duplicate result is dropped.
        await SendToInstanceAsync(new TaskMessage(workItem.Instance, result), cancellationToken);
        await _workItems.DeleteAsync((ReceivedMessage)workItem.LockToken, cancellationToken);
    }

    /// <inheritdoc />
    public async Task AbandonActivityWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await _workItems.SetVisibilityAsync((ReceivedMessage)workItem.LockToken, TimeSpan.Zero, cancellationToken);
    }

    private static ActivityWorkItem ToWorkItem(ReceivedMessage message)
        => new(message.Message!.Target, (TaskScheduledEvent)message.Message.Event, message);

    /// <summary>Moves an activity message that keeps failing (or cannot be read) to the poison queue and fails the task that scheduled it.</summary>
    private async Task PoisonActivityAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        if (message.Message is { Event: TaskScheduledEvent scheduled } readable)
        {
            var failure = new TaskFailureDetails(
                "PoisonMessage",
                $"Activity '{scheduled.Name}' was dequeued {message.DequeueCount} times (more than maxDequeueCount = {_options.MaxDequeueCount}) without completing, "
                    + $"so it was moved to the poison queue '{PoisonQueueName}'.");
            await SendToInstanceAsync(new TaskMessage(readable.Target, new TaskFailedEvent(_time.GetUtcNow(), scheduled.EventId, failure)), cancellationToken);
        }

        await _workItems.DeleteAsync(message, cancellationToken);
    }
}
