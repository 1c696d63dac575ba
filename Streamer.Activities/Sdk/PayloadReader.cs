using System.Text.Json;
using System.Text.RegularExpressions;

namespace Streamer.Activities.Sdk;

/// <summary>Turns System.Text.Json's exceptions into validation errors a client can act on.</summary>
internal static partial class PayloadReader
{
    public static bool TryRead<T>(JsonElement payload, out T? value, out ValidationError? error)
    {
        value = default;
        error = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            error = new ValidationError("payload", $"must be a JSON object; got {JsonKinds.Describe(payload.ValueKind)}");
            return false;
        }

        try
        {
            value = HandlerJson.FromElement<T>(payload);
            return true;
        }
        catch (JsonException ex)
        {
            error = Explain(ex);
            return false;
        }
    }

    private static ValidationError Explain(JsonException ex)
    {
        var message = ex.Message;
        var unknown = UnknownPropertyPattern().Match(message);
        if (unknown.Success)
        {
            return new ValidationError(FieldPath(ex.Path, unknown.Groups["name"].Value), "is not a known field");
        }

        var missing = MissingPropertiesPattern().Match(message);
        if (missing.Success)
        {
            var names = missing.Groups["names"].Value.Replace("'", string.Empty, StringComparison.Ordinal);
            return new ValidationError(FieldPath(ex.Path, null), $"is missing required field(s): {names}");
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
        {
            return new ValidationError(FieldPath(ex.Path, null), "must not be null");
        }

        var type = ConvertPattern().Match(message);
        var expected = type.Success ? Friendly(type.Groups["type"].Value) : "a value of the documented type";
        return new ValidationError(FieldPath(ex.Path, null), $"must be {expected}");
    }

    private static string FieldPath(string? jsonPath, string? child)
    {
        var path = string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "payload" : "payload" + jsonPath.TrimStart('$');
        if (child is not null && !path.EndsWith("." + child, StringComparison.Ordinal))
        {
            path += "." + child;
        }

        return path;
    }

    private static string Friendly(string clrType)
    {
        if (clrType.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
        {
            return Friendly(clrType["System.Nullable`1[".Length..^1]);
        }

        if (clrType.Contains("Dictionary`", StringComparison.Ordinal))
        {
            return "an object";
        }

        if (clrType.EndsWith("[]", StringComparison.Ordinal) || clrType.Contains("List`", StringComparison.Ordinal)
            || clrType.Contains("Enumerable`", StringComparison.Ordinal) || clrType.Contains("Collection`", StringComparison.Ordinal))
        {
            return "an array";
        }

        var name = clrType.Split('.')[^1];
        return name switch
        {
            "Int32" or "Int64" or "Int16" => "a whole number",
            "Double" or "Decimal" or "Single" => "a number",
            "Boolean" => "true or false",
            "String" => "a string",
            "DateOnly" => "a date (yyyy-MM-dd)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
            _ => "an object or value of the documented shape",
        };
    }

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnknownPropertyPattern();

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$")]
    private static partial Regex MissingPropertiesPattern();

    [GeneratedRegex("could not be converted to (?<type>[^.\\s]+(\\.[^.\\s]+)*)")]
    private static partial Regex ConvertPattern();
}
