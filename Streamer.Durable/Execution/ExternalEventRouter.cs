using Streamer.Durable.History;

namespace Streamer.Durable.Execution;

/// <summary>
/// Matches raised events with waiters by name (case-insensitive, first come first served) and
/// buffers events nobody waits for yet, in arrival order.
/// </summary>
internal sealed class ExternalEventRouter(SynchronizationContext orchestrationContext)
{
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _buffered = [];

    public bool HasWaiters => _waiters.Count > 0;

    public IReadOnlyList<EventRaisedEvent> Buffered => _buffered;

    public Task<string?> Wait(string name, CancellationToken cancellationToken)
    {
        var index = _buffered.FindIndex(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = _buffered[index];
            _buffered.RemoveAt(index);
            return Task.FromResult(buffered.Input);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var source = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var queue))
        {
            _waiters[name] = queue = new LinkedList<TaskCompletionSource<string?>>();
        }

        var node = queue.AddLast(source);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => orchestrationContext.Post(_ =>
            {
                if (node.List is not null)
                {
                    Remove(name, node);
                    source.TrySetCanceled(cancellationToken);
                }
            }, null));
        }

        return source.Task;
    }

    public void Deliver(EventRaisedEvent raised)
    {
        if (_waiters.TryGetValue(raised.Name, out var queue))
        {
            var node = queue.First!;
            Remove(raised.Name, node);
            node.Value.TrySetResult(raised.Input);
            return;
        }

        _buffered.Add(raised);
    }

    private void Remove(string name, LinkedListNode<TaskCompletionSource<string?>> node)
    {
        var queue = node.List!;
        queue.Remove(node);
        if (queue.Count == 0)
        {
            _waiters.Remove(name);
        }
    }
}
