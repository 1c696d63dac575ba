using Streamer.Durable.Execution;

namespace Streamer.Durable.Worker;

/// <summary>
/// Keeps live executors between episodes (least recently used evicted first). An entry is used
/// only when the stored history has exactly the length the executor has applied, within the same
/// execution: history is append-only within an execution and only a lock holder appends, so an
/// entry whose episode was never committed (or was overtaken by another worker) cannot match.
/// </summary>
internal sealed class OrchestrationSessionCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _gate = new();

    public OrchestrationExecutor? TryTake(string instanceId, string executionId, int historyCount)
    {
        lock (_gate)
        {
            if (!_entries.Remove(instanceId, out var node))
            {
                return null;
            }

            _lru.Remove(node);
            var entry = node.Value;
            return entry.ExecutionId == executionId && entry.HistoryCount == historyCount ? entry.Executor : null;
        }
    }

    public void Put(string instanceId, string executionId, int historyCount, OrchestrationExecutor executor)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var existing))
            {
                _lru.Remove(existing);
            }

            _entries[instanceId] = _lru.AddFirst(new Entry(instanceId, executionId, historyCount, executor));
            while (_entries.Count > capacity)
            {
                var oldest = _lru.Last!;
                _lru.RemoveLast();
                _entries.Remove(oldest.Value.InstanceId);
            }
        }
    }

    /// <summary>Removes the entry of <paramref name="instanceId"/> if it still holds <paramref name="executor"/>.</summary>
    public void Remove(string instanceId, OrchestrationExecutor executor)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(instanceId, out var node) && ReferenceEquals(node.Value.Executor, executor))
            {
                _entries.Remove(instanceId);
                _lru.Remove(node);
            }
        }
    }

    private sealed record Entry(string InstanceId, string ExecutionId, int HistoryCount, OrchestrationExecutor Executor);
}
