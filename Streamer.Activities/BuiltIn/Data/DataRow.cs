using System.Globalization;
using System.Text.Json;

namespace Streamer.Activities.BuiltIn.Data;

/// <summary>
/// One record of a data set: an id (unique within the set), a date, and any other fields. <c>id</c> and
/// <c>date</c> read like fields (filters, sorts and groups may name them) but only the constructor sets them.
/// </summary>
internal sealed class DataRow
{
    public const string IdField = "id";
    public const string DateField = "date";
    public const string DateFormat = "yyyy-MM-dd";

    public DataRow(string id, DateOnly date, OrderedDictionary<string, JsonElement>? fields = null)
    {
        Id = id;
        Date = date;
        Fields = fields ?? new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
    }

    public string Id { get; }

    public DateOnly Date { get; }

    public string DateText => FormatDate(Date);

    /// <summary>The fields other than id and date, in the order they were first set.</summary>
    public OrderedDictionary<string, JsonElement> Fields { get; }

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string? text, out DateOnly date)
        => DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool IsReserved(string field) => field is IdField or DateField;

    /// <summary>The value of a field, id and date included; false when the row does not have it.</summary>
    public bool TryGet(string field, out JsonElement value)
    {
        switch (field)
        {
            case IdField:
                value = JsonValues.FromString(Id);
                return true;
            case DateField:
                value = JsonValues.FromString(DateText);
                return true;
            default:
                return Fields.TryGetValue(field, out value);
        }
    }

    public JsonElement? Get(string field) => TryGet(field, out var value) ? value : null;

    public DataRow Copy() => new(Id, Date, new OrderedDictionary<string, JsonElement>(Fields, StringComparer.Ordinal));

    /// <summary>The fields other than id and date as one JSON object, as stored in a table row.</summary>
    public string FieldsJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteFields(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <c>{"id":…,"date":…,…fields}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(IdField, Id);
        writer.WriteString(DateField, DateText);
        foreach (var (name, value) in Fields)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The row as compact JSON text: <c>{"id":…,"date":…,…fields}</c>.</summary>
    public string ToJsonText()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public JsonElement ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>Reads a row this code wrote (a staged result); trusted input, so no field-by-field checks.</summary>
    public static DataRow FromJson(JsonElement row)
    {
        var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        string? id = null;
        DateOnly date = default;
        foreach (var property in row.EnumerateObject())
        {
            switch (property.Name)
            {
                case IdField:
                    id = property.Value.GetString();
                    break;
                case DateField:
                    _ = TryParseDate(property.Value.GetString(), out date);
                    break;
                default:
                    fields[property.Name] = property.Value.Clone();
                    break;
            }
        }

        return new DataRow(id ?? throw new JsonException("A stored row has no id."), date, fields);
    }

    /// <summary>Reads a stored row: id and date from their own columns, the rest from its fields JSON.</summary>
    public static DataRow FromStored(string id, string dateText, string? fieldsJson)
    {
        var fields = new OrderedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(fieldsJson))
        {
            using var document = JsonDocument.Parse(fieldsJson);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.Clone();
            }
        }

        _ = TryParseDate(dateText, out var date);
        return new DataRow(id, date, fields);
    }

    private void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in Fields)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
