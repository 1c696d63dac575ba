using System.Text.Json;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>
/// Reads a JSON request body other than a start (event data, a dev token request) under the same text rules as a
/// start body (<see cref="StartBodyScanner"/>): valid UTF-8, no unpaired surrogates, bounded nesting.
/// </summary>
internal static class JsonBody
{
    /// <summary>The body's JSON value, or the first rule it breaks (the field is <c>body</c>).</summary>
    public static async Task<(JsonElement? Value, ValidationError? Error)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (StartBodyScanner.Scan(bytes.Span) is { } error)
        {
            return (null, new ValidationError("body", $"{error.Field}: {error.Message}"));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = StartBodyScanner.ReaderMaxDepth });
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, new ValidationError("body", $"is not valid JSON ({ex.Message})"));
        }
    }
}
