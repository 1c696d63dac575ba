using System.Collections;
using Streamer.Durable.History;

namespace Streamer.Durable.Backends.InMemory;

/// <summary>
/// The first <c>count</c> events of an append-only history list, readable while the list grows
/// (a copy per work item would make long fan-ins quadratic).
/// </summary>
internal sealed class HistorySnapshot(List<HistoryEvent> history) : IReadOnlyList<HistoryEvent>
{
    private readonly int _count = history.Count;

    public int Count => _count;

    public HistoryEvent this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return history[index];
        }
    }

    public IEnumerator<HistoryEvent> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return history[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
