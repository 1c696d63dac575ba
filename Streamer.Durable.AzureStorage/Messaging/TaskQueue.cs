using Azure;
using Azure.Storage.Queues;
using Streamer.Durable.Backends;

namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>One storage queue of task messages: a control queue or the work-item queue.</summary>
internal sealed class TaskQueue(QueueClient queue, MessageCodec codec, TimeProvider time)
{
    /// <summary>Storage queues hide a message for at most seven days; longer timers are re-armed when they surface.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public string Name => queue.Name;

    public QueueClient Client => queue;

    public async Task SendAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        var body = await codec.EncodeAsync(message, cancellationToken);
        TimeSpan? delay = null;
        if (message.VisibleAt is { } visibleAt)
        {
            var wait = visibleAt - time.GetUtcNow();
            delay = wait <= TimeSpan.Zero ? null : wait > MaxVisibilityDelay ? MaxVisibilityDelay : wait;
        }

        await queue.SendMessageAsync(body, delay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var response = await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken);
        var received = new List<ReceivedMessage>(response.Value.Length);
        foreach (var message in response.Value)
        {
            var body = message.Body.ToString();
            TaskMessage? decoded;
            try
            {
                decoded = await codec.DecodeAsync(body, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or RequestFailedException)
            {
                decoded = null;
            }

            received.Add(new ReceivedMessage(decoded, message.MessageId, message.PopReceipt, message.DequeueCount, body));
        }

        return received;
    }

    /// <summary>Deletes a processed message; false when it was already deleted or received again elsewhere.</summary>
    public async Task<bool> DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return false;
        }
    }

    /// <summary>Changes how long the message stays hidden; false when another receiver has it now.</summary>
    public async Task<bool> SetVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: cancellationToken);
            message.PopReceipt = receipt.Value.PopReceipt;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return false;
        }
    }
}
