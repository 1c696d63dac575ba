using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// Runs a validated pipeline over rows, in memory. Deterministic: the same rows and steps always give the same
/// result in the same order, which is what lets a retried chunk rewrite exactly what the first attempt wrote.
/// </summary>
internal static class Pipeline
{
    /// <summary>Runs the steps in order; <paramref name="stepDone"/> hears each step's index and how many rows it left.</summary>
    public static IReadOnlyList<DataRow> Run(IReadOnlyList<DataRow> input, IReadOnlyList<PipelineStep> steps, Action<int, int>? stepDone, CancellationToken cancellationToken)
    {
        // Transforms change rows in place, so work on copies and leave the caller's rows as they were.
        IReadOnlyList<DataRow> rows = [.. input.Select(row => row.Copy())];
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows = Apply(steps[i], rows);
            stepDone?.Invoke(i, rows.Count);
        }

        return rows;
    }

    public static IReadOnlyList<DataRow> Apply(PipelineStep step, IReadOnlyList<DataRow> rows) => step.Type switch
    {
        "filter" => [.. rows.Where(row => Matches(step, row))],
        "transform" => Transform(step, rows),
        "aggregate" => Aggregation.Apply(step.GroupBy ?? [], step.Metrics ?? [], rows),
        "sort" => Sort(step.By ?? [], rows),
        "deduplicate" => Deduplicate(step.Fields, step.Keep ?? "first", rows),
        _ => throw new InvalidOperationException($"Unknown pipeline step type '{step.Type}'."),
    };

    /// <summary>The columns of a result: id and date, then every other field in the order it first appears.</summary>
    public static IReadOnlyList<string> Columns(IEnumerable<DataRow> rows)
    {
        var columns = new List<string> { DataRow.IdField, DataRow.DateField };
        var seen = new HashSet<string>(columns, StringComparer.Ordinal);
        foreach (var name in rows.SelectMany(row => row.Fields.Keys))
        {
            if (seen.Add(name))
            {
                columns.Add(name);
            }
        }

        return columns;
    }

    public static bool Matches(PipelineStep step, DataRow row)
    {
        var actual = row.Get(step.Field!);
        var expected = step.Value;
        return step.Op switch
        {
            "eq" => JsonValues.AreEqual(actual, expected),
            "ne" => !JsonValues.AreEqual(actual, expected),
            "gt" => JsonValues.AreComparable(actual, expected) && JsonValues.Compare(actual, expected) > 0,
            "gte" => JsonValues.AreComparable(actual, expected) && JsonValues.Compare(actual, expected) >= 0,
            "lt" => JsonValues.AreComparable(actual, expected) && JsonValues.Compare(actual, expected) < 0,
            "lte" => JsonValues.AreComparable(actual, expected) && JsonValues.Compare(actual, expected) <= 0,
            "contains" => Contains(actual, expected),
            "starts_with" => actual is { ValueKind: JsonValueKind.String } text && text.GetString()!.StartsWith(expected.GetString()!, StringComparison.Ordinal),
            "in" => expected.EnumerateArray().Any(candidate => JsonValues.AreEqual(actual, candidate)),
            "exists" => !JsonValues.IsNullOrMissing(actual),
            _ => throw new InvalidOperationException($"Unknown filter op '{step.Op}'."),
        };
    }

    private static bool Contains(JsonElement? actual, JsonElement expected) => actual?.ValueKind switch
    {
        JsonValueKind.String => expected.ValueKind == JsonValueKind.String && actual.Value.GetString()!.Contains(expected.GetString()!, StringComparison.Ordinal),
        JsonValueKind.Array => actual.Value.EnumerateArray().Any(item => JsonValues.AreEqual(item, expected)),
        _ => false,
    };

    private static IReadOnlyList<DataRow> Transform(PipelineStep step, IReadOnlyList<DataRow> rows)
    {
        var field = step.Field!;

        // One copy of a set's value for every row: values are immutable, and a copy per row is what made a 10 KB value over
        // 10,000 rows take 100 MB (issue 18).
        var setValue = step.Op == "set" ? step.Value.Clone() : default;
        foreach (var row in rows)
        {
            var fields = row.Fields;
            var has = fields.TryGetValue(field, out var value);
            switch (step.Op)
            {
                case "set":
                    fields[field] = setValue;
                    break;
                case "remove":
                    fields.Remove(field);
                    break;
                case "rename" when has:
                    var position = fields.IndexOf(field);
                    fields.RemoveAt(position);
                    if (fields.IndexOf(step.To!) is var existing and >= 0)
                    {
                        fields.RemoveAt(existing);
                        position = existing < position ? position - 1 : position;
                    }

                    fields.Insert(position, step.To!, value);
                    break;
                case "uppercase" or "lowercase" or "trim" when has && value.ValueKind == JsonValueKind.String:
                    var text = value.GetString()!;
                    fields[field] = JsonValues.FromString(step.Op switch
                    {
                        "uppercase" => text.ToUpperInvariant(),
                        "lowercase" => text.ToLowerInvariant(),
                        _ => text.Trim(),
                    });
                    break;
                case "add" or "multiply" or "round" when has && value.ValueKind == JsonValueKind.Number:
                    fields[field] = Arithmetic(step.Op!, value, step.Value);
                    break;
                default:
                    // A value of another type (or no value) is left as it is: transforms never fail on data.
                    break;
            }
        }

        return rows;
    }

    private static JsonElement Arithmetic(string op, JsonElement value, JsonElement operand)
    {
        if (value.TryGetDecimal(out var x) && operand.TryGetDecimal(out var y))
        {
            try
            {
                return JsonValues.FromNumber(op switch
                {
                    "add" => x + y,
                    "multiply" => x * y,
                    _ => Math.Round(x, (int)y, MidpointRounding.AwayFromZero),
                });
            }
            catch (OverflowException)
            {
                // Beyond decimal's range: fall through to double.
            }
        }

        var a = value.GetDouble();
        var b = operand.GetDouble();
        return JsonValues.FromNumber(op switch
        {
            "add" => a + b,
            "multiply" => a * b,
            _ => Math.Round(a, (int)b, MidpointRounding.AwayFromZero),
        });
    }

    private static IReadOnlyList<DataRow> Sort(IReadOnlyList<SortKey> keys, IReadOnlyList<DataRow> rows)
    {
        // OrderBy is stable, so rows equal on every key keep their order and the result is deterministic.
        return [.. rows.Order(Comparer<DataRow>.Create((a, b) =>
        {
            foreach (var key in keys)
            {
                var order = JsonValues.Compare(a.Get(key.Field), b.Get(key.Field));
                if (order != 0)
                {
                    return key.Order == "desc" ? -order : order;
                }
            }

            return 0;
        }))];
    }

    private static List<DataRow> Deduplicate(IReadOnlyList<string>? fields, string keep, IReadOnlyList<DataRow> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = keep == "last" ? rows.Reverse() : rows;
        var kept = ordered.Where(row => seen.Add(DuplicateKey(row, fields))).ToList();
        if (keep == "last")
        {
            kept.Reverse();
        }

        return kept;
    }

    private static string DuplicateKey(DataRow row, IReadOnlyList<string>? fields)
    {
        var names = fields ?? [DataRow.DateField, .. row.Fields.Keys.Order(StringComparer.Ordinal)];
        return string.Join('\u001f', names.Select(name => name + "\u001e" + JsonValues.Key(row.Get(name))));
    }
}
