using System.Text.Json;
using Streamer.Activities.Sdk;
using Streamer.Functions.Errors;
using Streamer.Functions.Requests.Contracts;

namespace Streamer.Functions.Requests;

/// <summary>Checks the shape of a start body: <c>{ "id"?: string, "action": string, "payload"?: object }</c>, nothing else.</summary>
internal static class StartCommandParser
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal) { "id", "action", "payload" };

    public static (StartCommand? Command, Rejection? Rejection) Parse(JsonElement body, int maxPayloadBytes)
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
            if (id is null || !RequestKeys.IsValidRequestId(id))
            {
                errors.Add(new ValidationError("id", $"must be a string of 1–{RequestKeys.MaxRequestIdLength} letters, digits, '.', '_', ':' or '-'"));
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
                errors.Add(new ValidationError("action", "must be 1–64 characters of [A-Za-z0-9._-]"));
            }
        }

        var payload = JsonSerializer.SerializeToElement(new Dictionary<string, object>());
        if (body.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
        {
            if (payloadElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError("payload", "must be a JSON object"));
            }
            else if (System.Text.Encoding.UTF8.GetByteCount(payloadElement.GetRawText()) > maxPayloadBytes)
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
