using System.Collections.Concurrent;
using Streamer.Activities.RequestData;

namespace Streamer.Testing;

/// <summary>What the Streamer host keeps in its request data container (payloads, plan segments, large results), in memory.</summary>
internal sealed class InMemoryRequestData : IRequestDataStore
{
    private readonly ConcurrentDictionary<(string InstanceId, string Name), BinaryData> _items = new();

    public Task WriteAsync(string instanceId, string name, BinaryData content, CancellationToken cancellationToken)
    {
        _items[(instanceId, name)] = content;
        return Task.CompletedTask;
    }

    public Task<BinaryData?> ReadAsync(string instanceId, string name, CancellationToken cancellationToken)
        => Task.FromResult(_items.GetValueOrDefault((instanceId, name)));

    public Task DeleteAllAsync(string instanceId, CancellationToken cancellationToken)
    {
        foreach (var key in _items.Keys.Where(k => k.InstanceId == instanceId))
        {
            _items.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}
