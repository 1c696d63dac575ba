using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// The aggregate step: one row per group, in the order groups first appear. A group's row has the group_by fields
/// and the metrics; its id is made from the group's values (so re-running gives the same ids and upserts replace
/// rather than add rows) and its date is the latest date in the group.
/// </summary>
internal static class Aggregation
{
    /// <summary>The id of the single group when nothing is grouped by.</summary>
    public const string AllRowsId = "all";

    public static IReadOnlyList<DataRow> Apply(IReadOnlyList<string> groupBy, IReadOnlyList<AggregateMetric> metrics, IReadOnlyList<DataRow> rows)
    {
        var groups = new Dictionary<string, List<DataRow>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            var key = string.Join('\u001f', groupBy.Select(field => JsonValues.Key(row.Get(field))));
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                order.Add(key);
            }

            members.Add(row);
        }

        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<DataRow>(order.Count);
        foreach (var key in order)
        {
            var members = groups[key];
            var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var field in groupBy)
            {
                fields[field] = members[0].Get(field) ?? JsonValues.Null;
            }

            foreach (var metric in metrics)
            {
                fields[metric.OutputName] = Compute(metric, members);
            }

            var id = UniqueId(GroupId(groupBy, members[0]), usedIds);
            result.Add(new DataRow(id, members.Max(m => m.Date), fields));
        }

        return result;
    }

    /// <summary>
    /// A readable id from the group's values, joined by '|' and percent-escaped so it is a valid row key; a hash when
    /// that would be empty or too long.
    /// </summary>
    public static string GroupId(IReadOnlyList<string> groupBy, DataRow sample)
    {
        if (groupBy.Count == 0)
        {
            return AllRowsId;
        }

        var id = string.Join('|', groupBy.Select(field => sample.Get(field) is { } value && !JsonValues.IsNullOrMissing(value)
            ? Uri.EscapeDataString(JsonValues.ToText(value))
            : "~"));
        return id.Length is > 0 and <= DataRules.MaxIdLength
            ? id
            : "g-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
    }

    private static string UniqueId(string id, HashSet<string> used)
    {
        // Different values can print alike (the number 5 and the string "5"); suffixes keep ids unique and stable.
        var candidate = id;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{id}~{n}";
        }

        return candidate;
    }

    private static JsonElement Compute(AggregateMetric metric, List<DataRow> members)
    {
        if (metric.Op == "count")
        {
            return JsonValues.FromNumber((decimal)(metric.Field is null ? members.Count : members.Count(m => !JsonValues.IsNullOrMissing(m.Get(metric.Field)))));
        }

        var values = members.Select(m => m.Get(metric.Field!)).Where(v => !JsonValues.IsNullOrMissing(v)).Select(v => v!.Value).ToList();
        switch (metric.Op)
        {
            case "min" or "max":
                if (values.Count == 0)
                {
                    return JsonValues.Null;
                }

                var best = values[0];
                foreach (var value in values.Skip(1))
                {
                    var order = JsonValues.Compare(value, best);
                    if (metric.Op == "min" ? order < 0 : order > 0)
                    {
                        best = value;
                    }
                }

                return best;
            default:
                var numbers = values.Where(v => v.ValueKind == JsonValueKind.Number).ToList();
                if (metric.Op == "avg" && numbers.Count == 0)
                {
                    return JsonValues.Null;
                }

                return Sum(numbers, metric.Op == "avg");
        }
    }

    private static JsonElement Sum(List<JsonElement> numbers, bool average)
    {
        if (numbers.All(n => n.TryGetDecimal(out _)))
        {
            try
            {
                var total = numbers.Sum(n => n.GetDecimal());
                return JsonValues.FromNumber(average ? total / numbers.Count : total);
            }
            catch (OverflowException)
            {
                // Beyond decimal's range: fall back to double below.
            }
        }

        var sum = numbers.Sum(n => n.GetDouble());
        return JsonValues.FromNumber(average ? sum / numbers.Count : sum);
    }
}
