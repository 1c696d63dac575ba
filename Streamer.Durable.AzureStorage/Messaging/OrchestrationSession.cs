using Streamer.Durable.AzureStorage.Tracking;

namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>
/// The lock token of an orchestration work item: the inbox it came from and which lock of it this is
/// (<see cref="InstanceInbox.LockCount"/>), the messages it locked, and the history it was built on.
/// </summary>
internal sealed record OrchestrationSession(InstanceInbox Inbox, long Lock, List<ReceivedMessage> Messages, HistoryState History, DateTimeOffset CreatedAt);
