using System.Text.Json;
using System.Text.RegularExpressions;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.Data;

/// <summary>Validation rules shared by the storage-backed actions, each producing a message that names the field and the rule.</summary>
internal static partial class DataRules
{
    /// <summary>The longest date range a report or export covers.</summary>
    public const int MaxRangeDays = 366;

    /// <summary>The longest record id (a table row key).</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest field name.</summary>
    public const int MaxFieldNameLength = 128;

    /// <summary>How many item errors one validation reports before summarising the rest.</summary>
    public const int MaxItemErrors = 20;

    /// <summary>Requires a data set name: 1–64 letters, digits, '_' or '-', starting with a letter or digit.</summary>
    public static void DataSetName(string? name, string field, PayloadErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(field, "is required: a data set name of 1–64 letters, digits, '_' or '-'");
        }
        else if (!DataSetNamePattern().IsMatch(name))
        {
            errors.Add(field, $"must be 1–64 letters, digits, '_' or '-', starting with a letter or digit; got '{Shorten(name)}'");
        }
    }

    /// <summary>Requires <c>end ≥ start</c> and at most <paramref name="maxDays"/> days, both ends included.</summary>
    public static void Range(DateRange range, string field, PayloadErrors errors, int maxDays = MaxRangeDays)
    {
        if (range.End < range.Start)
        {
            errors.Add(field + ".end", $"must not be before start ({DataRow.FormatDate(range.Start)}); got {DataRow.FormatDate(range.End)}");
        }
        else if (range.Days > maxDays)
        {
            errors.Add(field, $"cannot exceed {maxDays} days; got {range.Days}");
        }
    }

    /// <summary>
    /// Whether <paramref name="id"/> can be a record or entity id: 1–128 characters, none of which Azure Tables
    /// forbids in a key ('/', '\', '#', '?', control characters).
    /// </summary>
    public static bool IsValidId(string? id)
        => !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The valid <c>id</c> of an object, if it has one (for duplicate checks that should not depend on the rest being valid).</summary>
    public static string? IdOf(JsonElement element)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(DataRow.IdField, out var id) && id.ValueKind == JsonValueKind.String && IsValidId(id.GetString())
            ? id.GetString()
            : null;

    public static string IdRule => $"must be a string of 1–{MaxIdLength} characters without '/', '\\', '#', '?' or control characters";

    /// <summary>Requires a field name a pipeline step can refer to: 1–128 characters.</summary>
    public static void FieldName(string? name, string field, PayloadErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(field, "is required: the name of a field");
        }
        else if (name.Length > MaxFieldNameLength)
        {
            errors.Add(field, $"must be at most {MaxFieldNameLength} characters; got {name.Length}");
        }
    }

    /// <summary>Requires a list of 1–<paramref name="max"/> distinct field names.</summary>
    public static void FieldNames(IReadOnlyList<string>? names, string field, int max, PayloadErrors errors)
    {
        if (names is null || names.Count == 0 || names.Count > max)
        {
            errors.Add(field, $"must list between 1 and {max} field names; got {names?.Count ?? 0}");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            FieldName(names[i], $"{field}[{i}]", errors);
            if (!string.IsNullOrEmpty(names[i]) && !seen.Add(names[i]))
            {
                errors.Add($"{field}[{i}]", $"repeats '{Shorten(names[i])}'; list each field once");
            }
        }
    }

    /// <summary>Reads one inline record (an object with a string <c>id</c>, a <c>date</c> and other fields), or records why it cannot.</summary>
    public static DataRow? Record(JsonElement element, string field, PayloadErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, $"must be a JSON object with 'id' and 'date'; got {JsonKinds.Describe(element.ValueKind)}");
            return null;
        }

        string? id = null;
        DateOnly? date = null;
        var valid = true;
        var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case DataRow.IdField:
                    id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case DataRow.DateField:
                    if (property.Value.ValueKind == JsonValueKind.String && DataRow.TryParseDate(property.Value.GetString(), out var parsed))
                    {
                        date = parsed;
                    }
                    else
                    {
                        errors.Add(field + ".date", $"must be a date written yyyy-MM-dd; got {Show(property.Value)}");
                        valid = false;
                    }

                    break;
                default:
                    if (property.Name.Length is 0 or > MaxFieldNameLength)
                    {
                        errors.Add(field, $"field names must be 1–{MaxFieldNameLength} characters; got one of {property.Name.Length}");
                        valid = false;
                    }
                    else if (!fields.TryAdd(property.Name, property.Value.Clone()))
                    {
                        errors.Add(field + "." + property.Name, "appears twice; give each field once");
                        valid = false;
                    }

                    break;
            }
        }

        if (!IsValidId(id))
        {
            errors.Add(field + ".id", $"{IdRule}; got {(element.TryGetProperty(DataRow.IdField, out var raw) ? Show(raw) : "nothing")}");
            valid = false;
        }

        if (date is null && !element.TryGetProperty(DataRow.DateField, out _))
        {
            errors.Add(field + ".date", "is required: the record's date, written yyyy-MM-dd");
            valid = false;
        }

        return valid ? new DataRow(id!, date!.Value, fields) : null;
    }

    /// <summary>A value as a message shows it: short, and quoted when it is a string.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{Shorten(value.GetString() ?? string.Empty)}'",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => JsonKinds.Describe(value.ValueKind),
    };

    public static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex DataSetNamePattern();
}
