using System.Globalization;
using System.Text;

namespace Streamer.Durable.Backends;

/// <summary>
/// Pages instances newest first with an opaque continuation token (created time and instance id
/// of the last item), for backends that filter in memory.
/// </summary>
public static class InstanceQueryPager
{
    /// <summary>Applies the query's filter, order and page to <paramref name="instances"/>.</summary>
    /// <exception cref="ArgumentException">The continuation token was not issued by this pager.</exception>
    public static Page<OrchestrationMetadata> Page(IEnumerable<OrchestrationMetadata> instances, OrchestrationQuery query)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(query);
        var after = Cursor.Parse(query.ContinuationToken);
        var matches = instances
            .Where(query.Matches)
            .OrderByDescending(s => s.CreatedAt)
            .ThenBy(s => s.InstanceId, StringComparer.Ordinal)
            .Where(s => after is null || after.IsBefore(s))
            .Take(query.PageSize + 1)
            .ToList();
        var hasMore = matches.Count > query.PageSize;
        var page = matches.Take(query.PageSize).Select(s => query.FetchInputsAndOutputs ? s : s with { SerializedInput = null, SerializedOutput = null }).ToList();
        return new Page<OrchestrationMetadata>(page, hasMore ? Cursor.From(page[^1]).ToString() : null);
    }

    private sealed record Cursor(long CreatedTicks, string InstanceId)
    {
        public static Cursor From(OrchestrationMetadata state) => new(state.CreatedAt.UtcTicks, state.InstanceId);

        public static Cursor? Parse(string? token)
        {
            if (token is null)
            {
                return null;
            }

            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                var separator = text.IndexOf(':', StringComparison.Ordinal);
                return new Cursor(long.Parse(text.AsSpan(0, separator), CultureInfo.InvariantCulture), text[(separator + 1)..]);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new ArgumentException("The continuation token is not one this backend issued.", nameof(token), ex);
            }
        }

        /// <summary>True when <paramref name="state"/> comes after this cursor in newest-first order.</summary>
        public bool IsBefore(OrchestrationMetadata state)
        {
            var ticks = state.CreatedAt.UtcTicks;
            return ticks < CreatedTicks || (ticks == CreatedTicks && string.CompareOrdinal(state.InstanceId, InstanceId) > 0);
        }

        public override string ToString()
            => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedTicks}:{InstanceId}")));
    }
}
