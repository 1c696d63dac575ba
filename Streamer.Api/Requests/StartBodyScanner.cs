using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Streamer.Activities.Sdk;

namespace Streamer.Api.Requests;

/// <summary>
/// Reads a start body's JSON text token by token before anything parses it for real, and finds what would otherwise
/// fail later as a 500: nesting deeper than <see cref="MaxPayloadDepth"/>, strings or property names that are not
/// valid Unicode (invalid UTF-8 bytes, unpaired UTF-16 surrogate escapes such as <c>"\ud800"</c>), property names
/// given twice in one object, and numbers too large for a double. Every finding names the field it is in.
/// </summary>
internal static class StartBodyScanner
{
    /// <summary>How deep objects and arrays may nest below the body: the payload object itself is level 1 (DESIGN §4.1).</summary>
    public const int MaxPayloadDepth = 32;

    /// <summary>
    /// The JSON reader's own depth limit, far above <see cref="MaxPayloadDepth"/>: the scan stops at the first level
    /// past our limit, so the client gets our rule rather than the reader's exception.
    /// </summary>
    public const int ReaderMaxDepth = 256;

    /// <summary>The longest property name quoted in a field path; longer ones are cut.</summary>
    private const int MaxQuotedNameLength = 64;

    /// <summary>The options every reader of a start body uses.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = ReaderMaxDepth, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Checks <paramref name="json"/>; null when it is well-formed JSON that breaks none of the rules above.</summary>
    public static ValidationError? Scan(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        StartValue(frames);
                        if (reader.CurrentDepth > MaxPayloadDepth)
                        {
                            return new ValidationError(TopField(frames), $"must not nest objects and arrays more than {MaxPayloadDepth} levels deep (the payload object itself is level 1); {Path(frames)} is at level {reader.CurrentDepth}");
                        }

                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames[^1];
                        if (TextProblem(ref reader) is { } nameProblem)
                        {
                            frame.Name = null;
                            return new ValidationError(Path(frames), $"has a property name that {nameProblem}");
                        }

                        var name = reader.GetString()!;
                        frame.Name = name;
                        if (!(frame.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                        {
                            return new ValidationError(Path(frames), "is given more than once in its object; send each property once");
                        }

                        break;
                    case JsonTokenType.String:
                        StartValue(frames);
                        if (TextProblem(ref reader) is { } textProblem)
                        {
                            return new ValidationError(Path(frames), $"is a string that {textProblem}");
                        }

                        break;
                    case JsonTokenType.Number:
                        StartValue(frames);
                        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            return new ValidationError(Path(frames), "is a number too large to represent (beyond ±1.7976931348623157E+308)");
                        }

                        break;
                    default:
                        StartValue(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new ValidationError("body", $"is not valid JSON: {ex.Message}");
        }

        return null;
    }

    /// <summary>Why the current string or property name is not valid Unicode text, or null when it is.</summary>
    private static string? TextProblem(ref Utf8JsonReader reader)
    {
        if (!Utf8.IsValid(reader.ValueSpan))
        {
            return "is not valid UTF-8 (the body must be UTF-8 encoded text)";
        }

        if (reader.ValueIsEscaped)
        {
            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return "holds an unpaired UTF-16 surrogate escape (a \\uD800–\\uDBFF escape must be followed by a \\uDC00–\\uDFFF one, and only then); send valid Unicode text";
            }
        }

        return null;
    }

    /// <summary>A value starts in the innermost container: an array counts it, so the path can name it.</summary>
    private static void StartValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    /// <summary>The body's field the current value is in: <c>payload</c>, <c>id</c>, …; <c>body</c> for the body itself.</summary>
    private static string TopField(List<Frame> frames)
        => frames.Count > 0 && !frames[0].IsArray && frames[0].Name is { } name ? Quote(name) : "body";

    /// <summary>The current value's path, e.g. <c>payload.items[3].name</c>; <c>body</c> for the body itself.</summary>
    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder();
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
            {
                path.Append(i == 0 ? "body" : string.Empty).Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is { } name)
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(Quote(name));
            }
        }

        return path.Length == 0 ? "body" : path.ToString();
    }

    private static string Quote(string name) => name.Length <= MaxQuotedNameLength ? name : name[..MaxQuotedNameLength] + "…";

    /// <summary>An object or array being read: the property or index the reader is at, and the names seen so far.</summary>
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }

        public HashSet<string>? Names { get; set; }
    }
}
