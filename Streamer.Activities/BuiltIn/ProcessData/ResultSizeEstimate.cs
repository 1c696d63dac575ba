using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// Computes, before anything runs, the most bytes a pipeline's result can take: each input row's sizes (<see cref="RowShape"/>)
/// are carried through the steps as the steps would change them, taking the larger case wherever the data decides (every
/// row passes every filter and survives deduplication; every row is its own group). Cheap: sizes, not values, so a payload
/// that would expand to gigabytes is measured in the memory of the payload itself.
/// </summary>
internal sealed class ResultSizeEstimate(string format)
{
    /// <summary>An aggregate row's id: at most 128 characters of escaped group values (or a 34-character hash), a <c>~n</c> suffix, quotes.</summary>
    private const long AggregateIdBytes = 140;

    /// <summary>A computed number (a count, sum, average, or an add, multiply or round): at most 31 characters as decimal, 24 as double.</summary>
    private const long NumberBytes = 32;

    /// <summary>A date as a JSON string: yyyy-MM-dd in quotes.</summary>
    private const long DateJsonBytes = 12;

    private readonly JsonSizes _sizes = new();
    private readonly Dictionary<string, long> _names = new(StringComparer.Ordinal);
    private List<RowShape> _shapes = [];

    /// <summary>The input's size as JSON rows, so far.</summary>
    public long InputBytes { get; private set; }

    /// <summary>Adds one input row.</summary>
    public void Add(DataRow row)
    {
        var fields = new Dictionary<string, ValueSize>(row.Fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in row.Fields)
        {
            fields[name] = SizeOf(value);
        }

        var shape = new RowShape(_sizes.OfString(row.Id), fields, 1);
        _shapes.Add(shape);
        InputBytes += shape.JsonBytes(NameBytes);
    }

    /// <summary>Changes the sizes as <paramref name="step"/> would change the rows.</summary>
    public void Apply(PipelineStep step)
    {
        switch (step.Type)
        {
            case "transform":
                Transform(step);
                break;
            case "aggregate":
                Aggregate(step.GroupBy ?? [], step.Metrics ?? []);
                break;
            default:
                // filter, sort and deduplicate only drop or reorder rows; at most, every row stays as it is.
                break;
        }
    }

    /// <summary>The result's sizes, were the pipeline to end here, for an input of <paramref name="inputRows"/> rows.</summary>
    public ResultSize Measure(int inputRows)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal) { DataRow.IdField, DataRow.DateField };
        foreach (var shape in _shapes)
        {
            columns.UnionWith(shape.Fields.Keys);
        }

        var csv = format == FileFormats.Csv;
        var rowBytes = _shapes.Select(shape => (Bytes: csv ? Math.Max(shape.JsonBytes(NameBytes), shape.CsvBytes(columns.Count)) : shape.JsonBytes(NameBytes), shape.Count))
            .OrderByDescending(row => row.Bytes)
            .ToList();
        var rows = rowBytes.Sum(row => row.Count);

        // The plan splits the result into as many equal shares as the input has write chunks.
        var parts = Math.Max(1, (inputRows + ProcessDataHandler.RowsPerWriteChunk - 1) / ProcessDataHandler.RowsPerWriteChunk);
        var chunkRows = (rows + parts - 1) / parts;
        long chunkBytes = 0;
        var left = chunkRows;
        foreach (var (bytes, count) in rowBytes.TakeWhile(_ => left > 0))
        {
            var taken = Math.Min(count, left);
            chunkBytes += taken * bytes;
            left -= taken;
        }

        // A JSON file adds "[\n" and "\n]\n"; a CSV file its header line.
        var framing = csv ? columns.Sum(name => NameBytes(name) + 1) + 2 : 5;
        var total = framing + rowBytes.Sum(row => row.Bytes * row.Count);
        return new ResultSize(rows, rowBytes.Count == 0 ? 0 : rowBytes[0].Bytes, chunkRows, chunkBytes, total);
    }

    private void Transform(PipelineStep step)
    {
        var field = step.Field!;
        var set = step.Op == "set" ? SizeOf(step.Value) : default;
        foreach (var fields in _shapes.Select(shape => shape.Fields))
        {
            switch (step.Op)
            {
                case "set":
                    fields[field] = set;
                    break;
                case "remove":
                    fields.Remove(field);
                    break;
                case "rename" when fields.Remove(field, out var moved):
                    fields.Remove(step.To!);
                    fields[step.To!] = moved;
                    break;
                case "add" or "multiply" or "round" when fields.TryGetValue(field, out var number):
                    fields[field] = ValueSize.Max(number, new ValueSize(NumberBytes, NumberBytes));
                    break;
                default:
                    // uppercase, lowercase and trim never lengthen a value's JSON (see JsonSizes.CsvCellOf for CSV).
                    break;
            }
        }
    }

    private void Aggregate(IReadOnlyList<string> groupBy, IReadOnlyList<AggregateMetric> metrics)
    {
        var rows = _shapes.Sum(shape => shape.Count);
        var fields = new Dictionary<string, ValueSize>(StringComparer.Ordinal);
        foreach (var field in groupBy)
        {
            fields[field] = LargestOf(field);
        }

        foreach (var metric in metrics)
        {
            fields[metric.OutputName] = metric.Op is "min" or "max" ? LargestOf(metric.Field!) : new ValueSize(NumberBytes, NumberBytes);
        }

        // Without group_by, one group of all rows; with it, at most one group per row.
        var groups = rows == 0 ? 0 : groupBy.Count == 0 ? 1 : rows;
        _shapes = groups == 0 ? [] : [new RowShape(AggregateIdBytes, fields, groups)];
    }

    /// <summary>The largest value <paramref name="field"/> has in any row (id and date included; null where a row lacks it).</summary>
    private ValueSize LargestOf(string field)
    {
        var largest = ValueSize.Null;
        foreach (var shape in _shapes)
        {
            var size = field switch
            {
                DataRow.IdField => new ValueSize(shape.IdBytes, shape.IdBytes + 1),
                DataRow.DateField => new ValueSize(DateJsonBytes, DateJsonBytes),
                _ => shape.Fields.GetValueOrDefault(field, ValueSize.Null),
            };
            largest = ValueSize.Max(largest, size);
        }

        return largest;
    }

    private ValueSize SizeOf(JsonElement value)
    {
        var json = _sizes.Of(value);
        return new ValueSize(json, JsonSizes.CsvCellOf(value, json));
    }

    private long NameBytes(string name)
    {
        if (!_names.TryGetValue(name, out var bytes))
        {
            _names[name] = bytes = _sizes.OfString(name);
        }

        return bytes;
    }
}
