using System.Text.Json;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>Checks a pipeline: each step's type, the fields its type needs, and none that it does not use.</summary>
internal static class PipelineRules
{
    public const int MaxSteps = 20;

    public static readonly string[] StepTypes = ["filter", "transform", "aggregate", "sort", "deduplicate"];
    public static readonly string[] FilterOps = ["eq", "ne", "gt", "gte", "lt", "lte", "contains", "starts_with", "in", "exists"];
    public static readonly string[] TransformOps = ["uppercase", "lowercase", "trim", "add", "multiply", "round", "set", "rename", "remove"];
    public static readonly string[] MetricOps = ["count", "sum", "avg", "min", "max"];
    public static readonly string[] SortOrders = ["asc", "desc"];
    public static readonly string[] KeepOptions = ["first", "last"];

    private const int MaxInValues = 1_000;
    private const int MaxGroupBy = 10;
    private const int MaxMetrics = 20;
    private const int MaxSortKeys = 5;
    private const int MaxDedupeFields = 20;
    private const int MaxRoundDigits = 10;

    public static void Validate(IReadOnlyList<PipelineStep> steps, PayloadErrors errors)
    {
        if (steps.Count is 0 or > MaxSteps)
        {
            errors.Add("pipeline", $"must have between 1 and {MaxSteps} steps; got {steps.Count}");
            return;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = $"pipeline[{i}]";
            if (!StepTypes.Contains(step.Type, StringComparer.Ordinal))
            {
                errors.OneOf(step.Type, StepTypes, path + ".type");
                continue;
            }

            OnlyUses(step, path, errors);
            switch (step.Type)
            {
                case "filter":
                    Filter(step, path, errors);
                    break;
                case "transform":
                    Transform(step, path, errors);
                    break;
                case "aggregate":
                    Aggregate(step, path, errors);
                    break;
                case "sort":
                    Sort(step, path, errors);
                    break;
                default:
                    Deduplicate(step, path, errors);
                    break;
            }
        }
    }

    private static void OnlyUses(PipelineStep step, string path, PayloadErrors errors)
    {
        var used = step.Type switch
        {
            "filter" => new[] { "field", "op", "value" },
            "transform" => ["field", "op", "value", "to"],
            "aggregate" => ["group_by", "metrics"],
            "sort" => ["by"],
            _ => ["fields", "keep"],
        };
        (string Name, bool Given)[] fields =
        [
            ("field", step.Field is not null), ("op", step.Op is not null), ("value", step.Value.ValueKind != JsonValueKind.Undefined),
            ("to", step.To is not null), ("group_by", step.GroupBy is not null), ("metrics", step.Metrics is not null),
            ("by", step.By is not null), ("fields", step.Fields is not null), ("keep", step.Keep is not null),
        ];
        foreach (var (name, _) in fields.Where(f => f.Given && !used.Contains(f.Name)))
        {
            errors.Add($"{path}.{name}", $"is not used by a '{step.Type}' step (it takes {string.Join(", ", used)})");
        }
    }

    private static void Filter(PipelineStep step, string path, PayloadErrors errors)
    {
        DataRules.FieldName(step.Field, path + ".field", errors);
        errors.OneOf(step.Op, FilterOps, path + ".op");
        var value = step.Value;
        switch (step.Op)
        {
            case "exists":
                errors.Require(value.ValueKind == JsonValueKind.Undefined, path + ".value", "is not used by 'exists'");
                break;
            case "in":
                errors.Require(
                    value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= MaxInValues,
                    path + ".value",
                    $"must be an array of 1–{MaxInValues} values for 'in'; got {Describe(value)}");
                break;
            case "gt" or "gte" or "lt" or "lte":
                errors.Require(value.ValueKind is JsonValueKind.Number or JsonValueKind.String, path + ".value", $"must be a number or a string for '{step.Op}'; got {Describe(value)}");
                break;
            case "starts_with":
                errors.Require(value.ValueKind == JsonValueKind.String, path + ".value", $"must be a string for 'starts_with'; got {Describe(value)}");
                break;
            case not null:
                errors.Require(value.ValueKind != JsonValueKind.Undefined, path + ".value", $"is required for '{step.Op}'");
                break;
        }
    }

    private static void Transform(PipelineStep step, string path, PayloadErrors errors)
    {
        DataRules.FieldName(step.Field, path + ".field", errors);
        if (step.Field is not null && DataRow.IsReserved(step.Field))
        {
            errors.Add(path + ".field", $"cannot be '{step.Field}': id and date identify and place a record, so transforms leave them alone");
        }

        errors.OneOf(step.Op, TransformOps, path + ".op");
        var value = step.Value;
        switch (step.Op)
        {
            case "add" or "multiply":
                errors.Require(value.ValueKind == JsonValueKind.Number, path + ".value", $"must be a number for '{step.Op}'; got {Describe(value)}");
                break;
            case "round":
                errors.Require(
                    value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var digits) && digits is >= 0 and <= MaxRoundDigits,
                    path + ".value",
                    $"must be a whole number of decimal places between 0 and {MaxRoundDigits} for 'round'; got {Describe(value)}");
                break;
            case "set":
                errors.Require(value.ValueKind != JsonValueKind.Undefined, path + ".value", "is required for 'set' (null is allowed)");
                break;
            case not null:
                errors.Require(value.ValueKind == JsonValueKind.Undefined, path + ".value", $"is not used by '{step.Op}'");
                break;
        }

        if (step.Op == "rename")
        {
            DataRules.FieldName(step.To, path + ".to", errors);
            if (step.To is not null && (DataRow.IsReserved(step.To) || step.To == step.Field))
            {
                errors.Add(path + ".to", $"must be a new name other than 'id', 'date' and the field itself; got '{DataRules.Shorten(step.To)}'");
            }
        }
        else if (step.To is not null)
        {
            errors.Add(path + ".to", $"is only used by 'rename'; got it with '{step.Op}'");
        }
    }

    private static void Aggregate(PipelineStep step, string path, PayloadErrors errors)
    {
        var groupBy = step.GroupBy ?? [];
        if (step.GroupBy is not null)
        {
            if (groupBy.Count > MaxGroupBy)
            {
                errors.Add(path + ".group_by", $"must list at most {MaxGroupBy} fields; got {groupBy.Count}");
            }
            else if (groupBy.Count > 0)
            {
                DataRules.FieldNames(groupBy, path + ".group_by", MaxGroupBy, errors);
            }
        }

        var metrics = step.Metrics ?? [];
        if (metrics.Count is 0 or > MaxMetrics)
        {
            errors.Add(path + ".metrics", $"must have between 1 and {MaxMetrics} metrics; got {metrics.Count}");
            return;
        }

        var outputs = new HashSet<string>(groupBy, StringComparer.Ordinal);
        for (var m = 0; m < metrics.Count; m++)
        {
            var metric = metrics[m];
            var metricPath = $"{path}.metrics[{m}]";
            errors.OneOf(metric.Op, MetricOps, metricPath + ".op");
            if (metric.Field is not null || metric.Op != "count")
            {
                DataRules.FieldName(metric.Field, metricPath + ".field", errors);
            }

            if (metric.As is not null)
            {
                DataRules.FieldName(metric.As, metricPath + ".as", errors);
            }

            var name = metric.OutputName;
            if (DataRow.IsReserved(name) || !outputs.Add(name))
            {
                errors.Add(metricPath + (metric.As is null ? string.Empty : ".as"), $"names its result '{DataRules.Shorten(name)}', which is 'id', 'date', a group_by field or another metric's name; choose a distinct name with 'as'");
            }
        }
    }

    private static void Sort(PipelineStep step, string path, PayloadErrors errors)
    {
        var keys = step.By ?? [];
        if (keys.Count is 0 or > MaxSortKeys)
        {
            errors.Add(path + ".by", $"must have between 1 and {MaxSortKeys} sort keys; got {keys.Count}");
            return;
        }

        for (var k = 0; k < keys.Count; k++)
        {
            DataRules.FieldName(keys[k].Field, $"{path}.by[{k}].field", errors);
            errors.OneOf(keys[k].Order, SortOrders, $"{path}.by[{k}].order");
        }
    }

    private static void Deduplicate(PipelineStep step, string path, PayloadErrors errors)
    {
        if (step.Fields is not null)
        {
            DataRules.FieldNames(step.Fields, path + ".fields", MaxDedupeFields, errors);
        }

        if (step.Keep is not null)
        {
            errors.OneOf(step.Keep, KeepOptions, path + ".keep");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? "nothing" : DataRules.Show(value);
}
