using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Streamer.Activities.Sdk;
using Streamer.Api.Errors;
using Streamer.Api.Requests.Contracts;

namespace Streamer.Api.Requests;

/// <summary>
/// The one place a start body is checked, for <c>POST /api/requests</c> and the hub's <c>StartRequest</c> alike:
/// UTF-8 JSON text (<see cref="StartBodyScanner"/>: valid Unicode, at most 32 levels of payload, no duplicate
/// property, finite numbers), then the shape <c>{ "id"?: string, "action": string, "payload"?: object }</c>, nothing
/// else, with the id rule of <see cref="RequestKeys.IsValidRequestId"/> and the action name rule of
/// <see cref="ActionCatalog.IsValidName"/>. Nothing runs and nothing is stored before it has passed.
/// </summary>
internal static class StartCommandParser
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "id", "action", "payload" };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = StartBodyScanner.ReaderMaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Checks a <c>Content-Type</c> header: absent, or JSON (<c>application/json</c> or <c>*/*+json</c>) in UTF-8.</summary>
    public static Rejection? CheckContentType(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || !MediaTypeHeaderValue.TryParse(values[0], out var type) || !type.MediaType.HasValue)
        {
            return Rejection.Invalid("Content-Type", "is not a valid media type; send 'application/json'");
        }

        var mediaType = type.MediaType.Value!;
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.Contains('/', StringComparison.Ordinal));
        var charset = type.Charset.HasValue ? type.Charset.Value : null;
        if (!json || (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            var field = new ValidationError("Content-Type", $"must be 'application/json' (UTF-8); got '{values[0]}'");
            return new Rejection(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.Validation, $"{field.Field} {field.Message}", [field]);
        }

        return null;
    }

    /// <summary>Checks a start body given as UTF-8 bytes (an optional byte order mark is skipped).</summary>
    public static (StartCommand? Command, Rejection? Rejection) Parse(ReadOnlyMemory<byte> utf8Json, int maxPayloadBytes)
    {
        if (utf8Json.Span.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (StartBodyScanner.Scan(utf8Json.Span) is { } problem)
        {
            return (null, Rejection.Invalid([problem]));
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            // Only reachable through bytes outside any string, which the scan already reports as invalid JSON; kept so
            // that nothing below ever meets text it cannot transcode.
            return (null, Rejection.Invalid("body", "is not valid UTF-8 text"));
        }

        using var document = JsonDocument.Parse(utf8Json, DocumentOptions);
        return ParseShape(document.RootElement, maxPayloadBytes);
    }

    /// <summary>
    /// Checks a start body that arrived already parsed (a hub argument): its own UTF-8 text goes through
    /// <see cref="Parse(ReadOnlyMemory{byte}, int)"/> exactly as an HTTP body does.
    /// </summary>
    public static (StartCommand? Command, Rejection? Rejection) Parse(JsonElement body, int maxPayloadBytes)
        => body.ValueKind == JsonValueKind.Undefined
            ? (null, Rejection.Invalid("body", "must be a JSON object with 'action' and 'payload'"))
            : Parse(JsonMarshal.GetRawUtf8Value(body).ToArray(), maxPayloadBytes);

    private static (StartCommand? Command, Rejection? Rejection) ParseShape(JsonElement body, int maxPayloadBytes)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, Rejection.Invalid("body", "must be a JSON object with 'action' and 'payload'"));
        }

        var errors = new List<ValidationError>();
        foreach (var property in body.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new ValidationError(property.Name, "is not a known field; expected 'id', 'action' and 'payload'"));
            }
        }

        string? id = null;
        if (body.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (!RequestKeys.IsValidRequestId(id))
            {
                errors.Add(new ValidationError("id", id is null ? "must be a string; it " + RequestKeys.RequestIdRule : RequestKeys.RequestIdRule));
            }
        }

        string? action = null;
        if (!body.TryGetProperty("action", out var actionElement) || actionElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError("action", "is required and must be a string"));
        }
        else
        {
            action = actionElement.GetString();
            if (!ActionCatalog.IsValidName(action))
            {
                errors.Add(new ValidationError("action", "must be 1–64 characters of letters (A–Z, a–z), digits, '.', '_' and '-' (the whole string)"));
            }
        }

        var payload = JsonSerializer.SerializeToElement(new Dictionary<string, object>());
        if (body.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
        {
            if (payloadElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError("payload", "must be a JSON object"));
            }
            else if (JsonMarshal.GetRawUtf8Value(payloadElement).Length > maxPayloadBytes)
            {
                return (null, new Rejection(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, $"The payload must be at most {maxPayloadBytes:N0} bytes of JSON."));
            }
            else
            {
                payload = payloadElement.Clone();
            }
        }

        return errors.Count > 0 ? (null, Rejection.Invalid(errors)) : (new StartCommand(id, action!, payload), null);
    }
}
