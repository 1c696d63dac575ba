using Streamer.Durable.AzureStorage.Tracking;

namespace Streamer.Durable.AzureStorage.Messaging;

/// <summary>The lock token of an orchestration work item: the inbox it came from and the history it was built on.</summary>
internal sealed record OrchestrationSession(InstanceInbox Inbox, HistoryState History, DateTimeOffset CreatedAt);
