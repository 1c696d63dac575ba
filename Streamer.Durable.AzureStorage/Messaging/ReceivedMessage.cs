using Streamer.Durable.Backends;

namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>A decoded queue message with what is needed to delete it or change its visibility.</summary>
internal sealed class ReceivedMessage(TaskMessage? message, string messageId, string popReceipt, long dequeueCount, string body)
{
    /// <summary>The decoded message; null when the body could not be read (it can only go to the poison queue).</summary>
    public TaskMessage? Message { get; } = message;

    public string MessageId { get; } = messageId;

    /// <summary>Changes whenever the message's visibility is updated.</summary>
    public string PopReceipt { get; set; } = popReceipt;

    public long DequeueCount { get; } = dequeueCount;

    /// <summary>The raw body, copied as-is to the poison queue.</summary>
    public string Body { get; } = body;
}
