using System.Globalization;
using System.Text.Json;

namespace Streamer.Activities.BuiltIn.Data;

/// <summary>How the built-in actions compare, combine and print JSON values of free-form records.</summary>
internal static class JsonValues
{
    public static JsonElement Null { get; } = JsonSerializer.SerializeToElement<object?>(null);

    public static JsonElement FromString(string value) => JsonSerializer.SerializeToElement(value);

    /// <summary>A number, without the trailing zeros decimal arithmetic keeps (2.10 + 0.90 prints as 3, not 3.00).</summary>
    public static JsonElement FromNumber(decimal value) => JsonSerializer.SerializeToElement(value / 1.000000000000000000000000000000000m);

    public static JsonElement FromNumber(double value)
        => double.IsFinite(value) ? JsonSerializer.SerializeToElement(value) : Null;

    /// <summary>Equality as a client means it: numbers by value (1 equals 1.0), everything else structurally.</summary>
    public static bool AreEqual(JsonElement? left, JsonElement? right)
    {
        if (IsNullOrMissing(left) || IsNullOrMissing(right))
        {
            return IsNullOrMissing(left) && IsNullOrMissing(right);
        }

        var a = left!.Value;
        var b = right!.Value;
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            return Compare(a, b) == 0;
        }

        return JsonElement.DeepEquals(a, b);
    }

    /// <summary>
    /// A total order for sorting mixed values: missing and null first, then false, true, numbers (by value),
    /// strings (ordinal), and arrays and objects (by their JSON text).
    /// </summary>
    public static int Compare(JsonElement? left, JsonElement? right)
    {
        var rank = Rank(left).CompareTo(Rank(right));
        if (rank != 0 || IsNullOrMissing(left))
        {
            return rank;
        }

        var a = left!.Value;
        var b = right!.Value;
        return a.ValueKind switch
        {
            JsonValueKind.Number when a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) => x.CompareTo(y),
            JsonValueKind.Number => a.GetDouble().CompareTo(b.GetDouble()),
            JsonValueKind.String => string.CompareOrdinal(a.GetString(), b.GetString()),
            JsonValueKind.True or JsonValueKind.False => 0,
            _ => string.CompareOrdinal(a.GetRawText(), b.GetRawText()),
        };
    }

    /// <summary>Whether both values can be ordered meaningfully (two numbers or two strings), as gt/lt filters need.</summary>
    public static bool AreComparable(JsonElement? left, JsonElement? right)
        => left is { } a && right is { } b
            && ((a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
                || (a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String));

    public static bool IsNullOrMissing(JsonElement? value)
        => value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    /// <summary>The value as text for a CSV cell or a group key: strings as they are, numbers and booleans as in JSON, null and missing as empty.</summary>
    public static string ToText(JsonElement? value)
    {
        if (IsNullOrMissing(value))
        {
            return string.Empty;
        }

        var element = value!.Value;
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? string.Empty,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => element.GetRawText(),
        };
    }

    /// <summary>
    /// A text that is equal for two values exactly when <see cref="AreEqual"/> holds (numbers normalised, kinds
    /// tagged so that the string "5" and the number 5 differ), for grouping and duplicate detection.
    /// </summary>
    public static string Key(JsonElement? value)
    {
        if (IsNullOrMissing(value))
        {
            return "z";
        }

        var element = value!.Value;
        return element.ValueKind switch
        {
            JsonValueKind.String => "s" + element.GetString(),
            JsonValueKind.Number when element.TryGetDecimal(out var number) => "n" + (number / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
            JsonValueKind.Number => "n" + element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonValueKind.True => "t",
            JsonValueKind.False => "f",
            _ => "j" + element.GetRawText(),
        };
    }

    private static int Rank(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Undefined or JsonValueKind.Null => 0,
        JsonValueKind.False or JsonValueKind.True => 1,
        JsonValueKind.Number => 2,
        JsonValueKind.String => 3,
        _ => 4,
    };
}
