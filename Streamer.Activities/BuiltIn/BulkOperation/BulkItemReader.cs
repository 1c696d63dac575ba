using System.Text.Json;
using System.Text.RegularExpressions;
using Streamer.Activities.BuiltIn.Data;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>Checks bulk items against the operation and the entity type, and turns them into table properties.</summary>
internal static partial class BulkItemReader
{
    /// <summary>Fields per entity besides id (a table entity holds 252 properties of its own).</summary>
    public const int MaxFields = 200;

    // A table string property holds 64 KiB of UTF-16.
    private const int MaxStringLength = 32_000;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "PartitionKey", "RowKey", "Timestamp", "ETag" };

    /// <summary>Reads every item, reporting problems into <paramref name="errors"/> (at most <see cref="DataRules.MaxItemErrors"/> items' worth).</summary>
    public static IReadOnlyList<BulkItem> ReadAll(IReadOnlyList<JsonElement> items, BulkOperationKind operation, EntitySchema schema, PayloadErrors errors)
    {
        var result = new List<BulkItem>(items.Count);
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var badItems = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var before = errors.Errors.Count;
            var item = Read(items[i], i, operation, schema, errors);
            if (DataRules.IdOf(items[i]) is { } id && !firstIndexOfId.TryAdd(id, i))
            {
                errors.Add($"items[{i}].id", $"repeats '{DataRules.Shorten(id)}' from items[{firstIndexOfId[id]}]; each entity may appear once per request");
            }

            if (errors.Errors.Count > before && ++badItems >= DataRules.MaxItemErrors && i < items.Count - 1)
            {
                errors.Add("items", $"stopped checking after {DataRules.MaxItemErrors} items with errors; {items.Count - i - 1} item(s) not checked");
                break;
            }

            if (item is not null)
            {
                result.Add(item);
            }
        }

        return result;
    }

    public static BulkItem? Read(JsonElement element, int index, BulkOperationKind operation, EntitySchema schema, PayloadErrors errors)
    {
        var path = $"items[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be a JSON object with an 'id'; got {JsonKinds.Describe(element.ValueKind)}");
            return null;
        }

        var before = errors.Errors.Count;
        string? id = null;
        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == DataRow.IdField)
            {
                id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                continue;
            }

            var field = $"{path}.{property.Name}";
            if (operation == BulkOperationKind.Delete)
            {
                errors.Add(field, "is not allowed: delete takes only 'id'");
            }
            else if (!FieldNamePattern().IsMatch(property.Name) || ReservedNames.Contains(property.Name))
            {
                errors.Add(field, "is not a valid field name: use 1–64 letters, digits and '_', starting with a letter or '_' (PartitionKey, RowKey, Timestamp and ETag are reserved)");
            }
            else if (!properties.TryAdd(property.Name, 0))
            {
                errors.Add(field, "appears twice; give each field once");
            }
            else if (ToProperty(property.Value, schema.Fields.TryGetValue(property.Name, out var kind) ? kind : null, schema, property.Name, field, errors) is { } value)
            {
                properties[property.Name] = value;
            }
        }

        if (!DataRules.IsValidId(id))
        {
            errors.Add(path + ".id", $"is required and {DataRules.IdRule}; got {(element.TryGetProperty(DataRow.IdField, out var raw) ? DataRules.Show(raw) : "nothing")}");
        }

        if (properties.Count > MaxFields)
        {
            errors.Add(path, $"must have at most {MaxFields} fields besides 'id'; got {properties.Count}");
        }

        if (operation == BulkOperationKind.Create)
        {
            foreach (var required in schema.RequiredOnCreate.Where(r => !element.TryGetProperty(r, out _)))
            {
                errors.Add($"{path}.{required}", $"is required when creating entity_type '{schema.Name}'");
            }
        }
        else if (operation == BulkOperationKind.Update && properties.Count == 0 && errors.Errors.Count == before)
        {
            errors.Add(path, "must give at least one field to change besides 'id'");
        }

        return errors.Errors.Count == before ? new BulkItem(index, id!, properties) : null;
    }

    /// <summary>A JSON value as a table property (string, long, double or bool), or null after recording why it cannot be one.</summary>
    private static object? ToProperty(JsonElement value, EntityFieldKind? kind, EntitySchema schema, string name, string field, PayloadErrors errors)
    {
        object? converted = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number => value.GetDouble(),
            _ => null,
        };
        if (converted is null)
        {
            errors.Add(field, $"must be a string, number or boolean (entities are flat); got {JsonKinds.Describe(value.ValueKind)}");
            return null;
        }

        if (converted is string text && text.Length > MaxStringLength)
        {
            errors.Add(field, $"must be at most {MaxStringLength} characters; got {text.Length}");
            return null;
        }

        var problem = kind switch
        {
            EntityFieldKind.Text when converted is not string s || string.IsNullOrWhiteSpace(s) => "must be a non-empty string",
            EntityFieldKind.Email when converted is not string s || !EmailPattern().IsMatch(s) => "must be an email address like 'name@example.com'",
            EntityFieldKind.NonNegativeNumber when converted is not (long or double) || Convert.ToDouble(converted, System.Globalization.CultureInfo.InvariantCulture) < 0 => "must be a number ≥ 0",
            EntityFieldKind.NonNegativeInteger when converted is not long n || n < 0 => "must be a whole number ≥ 0",
            EntityFieldKind.PositiveInteger when converted is not long n || n < 1 => "must be a whole number ≥ 1",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(field, $"{problem} ({schema.Name}.{name}); got {DataRules.Show(value)}");
            return null;
        }

        // A field declared as a number is always stored as a double, so 3 and 3.5 give the column one type and table queries compare them alike.
        return kind == EntityFieldKind.NonNegativeNumber ? Convert.ToDouble(converted, System.Globalization.CultureInfo.InvariantCulture) : converted;
    }

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,63}\z")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex(@"\A[^@\s]+@[^@\s]+\.[^@\s]+\z")]
    private static partial Regex EmailPattern();
}
