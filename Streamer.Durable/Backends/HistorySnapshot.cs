using System.Collections;
using Streamer.Durable.History;

namespace Streamer.Durable.Backends;

/// <summary>
/// The events an append-only history list held when the snapshot was taken, readable without a lock
/// while the list grows. Backends hand these to workers instead of copies, which would make long
/// fan-ins quadratic.
/// </summary>
/// <param name="history">A list that is only ever appended to (replace it rather than clearing it).</param>
public sealed class HistorySnapshot(List<HistoryEvent> history) : IReadOnlyList<HistoryEvent>
{
    private readonly int _count = history.Count;

    /// <inheritdoc />
    public int Count => _count;

    /// <inheritdoc />
    public HistoryEvent this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return history[index];
        }
    }

    /// <inheritdoc />
    public IEnumerator<HistoryEvent> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return history[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
