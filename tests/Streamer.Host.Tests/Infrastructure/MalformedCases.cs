using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>
/// One malformed call of the API, as the sweep sends it. <see cref="Authorization"/> null means the case's own valid
/// token; <see cref="ContentType"/> null means <c>application/json</c>, empty means none. The expected status and field
/// are set where the rule is certain; every case must answer 4xx problem+json in any event.
/// </summary>
public sealed record MalformedCase(
    string Family,
    string Method,
    string Path,
    byte[]? Body,
    int? ExpectedStatus,
    string? ExpectedField,
    string? ContentType = null,
    string? Authorization = null,
    string? Accept = null)
{
    /// <summary>The request to send; the headers are added without validation, so malformed ones go out as written.</summary>
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not "")
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType ?? "application/json");
            }
        }

        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        if (Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", Accept);
        }

        return request;
    }

    /// <summary>For CsCheck's report of a failing case.</summary>
    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Printable(Body);
        return $"[{Family}] {Method} {Path} body={body} content-type={ContentType ?? "application/json"} authorization={Authorization ?? "(valid token)"} accept={Accept ?? "(none)"} expected={ExpectedStatus?.ToString(CultureInfo.InvariantCulture) ?? "4xx"} field={ExpectedField ?? "-"}";
    }

    private static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        foreach (var b in body.Take(300))
        {
            text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : string.Create(CultureInfo.InvariantCulture, $"\\x{b:X2}"));
        }

        return body.Length > 300 ? text.Append(CultureInfo.InvariantCulture, $"… ({body.Length} bytes)").ToString() : text.ToString();
    }
}

/// <summary>CsCheck generators of malformed calls: bodies, ids, actions, headers and query strings (issue #12).</summary>
public static class MalformedCases
{
    private const string IdChars = "abcxyzABCXYZ0189-_.:";

    /// <summary>Ids the rule rejects: a trailing newline, dot segments, Unicode, slashes, escapes, control characters, 129 characters.</summary>
    private static readonly string[] BadIds =
    [
        "x1\n", "\nx1", "x1\r\n", ".", "..", "caf\u00e9", "\u4e2d\u6587", "\uff41", "a/b", "a%2Fb", "a\\b", "a b", " a", "a ", "a#b", "a?b",
        "a+b", "a=b", "a,b", "a;b", "a'b", "a\"b", "a<b>", "a\tb", "a\u0000b", "\u007f", "a\u00a0b", "", new string('a', 129), new string('z', 300),
    ];

    /// <summary>Raw route segments, sent as written: percent escapes of bytes that are not UTF-8, and of forbidden characters.</summary>
    private static readonly string[] BadRouteSegments = ["%FF", "%ED%A0%80", "%C0%80", "a%0A", "a%0D%0A", "a%20b", "%2F", "a%2Fb", "%5C", "%E2%82", "a%23b", "%25"];

    private static readonly string[] BadActions = ["echo\n", "", " echo", "echo ", "ech o", "\u00e9cho", "echo/x", "echo\u0000", new string('e', 65), "ECHO", "no_such_action"];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xE2, 0x82], [0xF0, 0x9F], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3],
    ];

    private static readonly string[] BadContentTypes =
    [
        ";;;", "application/json; charset=latin1", "application/json; charset=utf-16", "text/plain", "application/xml", "/", "application/",
        "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "application/json, text/plain", "json", "application/json; charset=\"",
    ];

    private static readonly string[] GarbageAuthorizations =
    [
        "Bearer", "Bearer ", "Bearer a.b.c", "Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "garbage", "Bearer  two  spaces", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "Negotiate abc", "bearer", "Bearer =====",
    ];

    private static readonly string?[] Accepts = [null, null, "text/html", "application/xml", "*/*", "garbage;;;", "text/plain;q=1, application/json;q=0"];

    private static readonly Gen<string> ValidId = Gen.Char[IdChars].Array[1, 24].Select(c => new string(c)).Where(id => id is not "." and not "..");

    private static readonly Gen<string> Action = Gen.OneOf("echo", "echo_async");

    private static readonly Gen<string> Payload = Gen.OneOf<string>(
        Gen.Const("{}"),
        Gen.Int[0, 100_000].Select(n => $$"""{"n":{{n}},"flag":true}"""),
        ValidId.Select(s => $$"""{"s":"{{s}}","list":[1,2,{"k":null}]}"""));

    /// <summary>A well-formed start body, the seed of the mutated ones.</summary>
    private static readonly Gen<string> ValidBody = Gen.Select(ValidId, Action, Payload, Gen.Bool, (id, action, payload, withId)
        => withId ? $$"""{"id":"{{id}}","action":"{{action}}","payload":{{payload}}}""" : $$"""{"action":"{{action}}","payload":{{payload}}}""");

    private static readonly Gen<MalformedCase> Truncated = ValidBody.SelectMany(body => Gen.Int[0, body.Length - 1].Select(cut =>
        Post("truncated", Encoding.UTF8.GetBytes(body[..cut]), 400, "body")));

    private static readonly Gen<MalformedCase> WrongTypes = Gen.OneOf(
        ("""{"id":1,"action":"echo","payload":{}}""", "id"),
        ("""{"id":true,"action":"echo","payload":{}}""", "id"),
        ("""{"id":["a"],"action":"echo","payload":{}}""", "id"),
        ("""{"id":{"v":"a"},"action":"echo","payload":{}}""", "id"),
        ("""{"action":1,"payload":{}}""", "action"),
        ("""{"action":null,"payload":{}}""", "action"),
        ("""{"action":["echo"],"payload":{}}""", "action"),
        ("""{"action":{"name":"echo"},"payload":{}}""", "action"),
        ("""{"payload":{}}""", "action"),
        ("""{"action":"echo","payload":"text"}""", "payload"),
        ("""{"action":"echo","payload":1}""", "payload"),
        ("""{"action":"echo","payload":[{}]}""", "payload"),
        ("""{"action":"echo","payload":true}""", "payload"),
        ("""{"action":"echo","payload":{},"extra":1}""", "extra"),
        ("""{"action":"gated_test","payload":{"chunks":"3"}}""", "payload.chunks"),
        ("""{"action":"gated_test","payload":{"chunks":1.5}}""", "payload.chunks"),
        ("""{"action":"gated_test","payload":{"chunks":null}}""", "payload.chunks"),
        ("""[]""", "body"),
        ("""["echo"]""", "body"),
        ("""  "text" """, "body"),
        ("""1""", "body"),
        ("""null""", "body"),
        ("""true""", "body"),
        ("""{"action":"echo","payload":{}} {}""", "body"),
        ("""{"action":"echo",}""", "body"),
        ("""{'action':'echo'}""", "body"),
        ("""{"action":"echo","payload":{}/*c*/}""", "body"),
        ("""{"action":"echo","payload":{"n":NaN}}""", "body"),
        ("""{"action":"echo","payload":{"n":01}}""", "body"),
        ("""{"action":"echo","payload":{"s":"tab	inside"}}""", "body"),
        ("", "body"))
        .Select(c => Post("wrong-type", Encoding.UTF8.GetBytes(c.Item1), 400, c.Item2));

    private static readonly Gen<MalformedCase> InvalidUtf8Strings = Gen.Select(Gen.Int[0, 3], Gen.Int[0, InvalidUtf8.Length - 1], ValidId, (where, which, text) =>
    {
        var bad = InvalidUtf8[which];
        var half = text.Length / 2;
        byte[] inside = [.. Encoding.UTF8.GetBytes(text[..half]), .. bad, .. Encoding.UTF8.GetBytes(text[half..])];
        byte[] body = where switch
        {
            0 => [.. "{\"id\":\""u8, .. inside, .. "\",\"action\":\"echo\",\"payload\":{}}"u8],
            1 => [.. "{\"action\":\""u8, .. inside, .. "\",\"payload\":{}}"u8],
            2 => [.. "{\"action\":\"echo_async\",\"payload\":{\"s\":\""u8, .. inside, .. "\"}}"u8],
            _ => [.. "{\"action\":\"echo\",\"payload\":{\""u8, .. inside, .. "\":1}}"u8],
        };
        return Post("invalid-utf8", body, 400, where switch { 0 => "id", 1 => "action", 2 => "payload.s", _ => "payload" });
    });

    private static readonly Gen<MalformedCase> LoneSurrogates = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3], Gen.Int[0xD800, 0xDFFF], ValidId, (where, shape, unit, text) =>
    {
        var high = unit < 0xDC00 ? unit : unit - 0x400;
        var low = high + 0x400;
        var escape = shape switch
        {
            0 => $"\\u{unit:x4}",                   // alone
            1 => $"\\u{high:X4}\\u0041",            // a high half followed by something else
            2 => $"\\u{low:x4}\\u{high:x4}",         // the halves reversed
            _ => $"{text}\\u{high:x4}",             // a high half at the end
        };
        var body = where switch
        {
            0 => $$$"""{"id":"{{{escape}}}","action":"echo","payload":{}}""",
            1 => $$$"""{"action":"{{{escape}}}","payload":{}}""",
            2 => $$$"""{"action":"echo_async","payload":{"s":"{{{escape}}}"}}""",
            3 => $$$"""{"action":"echo","payload":{"{{{escape}}}":1}}""",
            _ => $$$$"""{"action":"echo_async","payload":{"a":{"b":["{{{{escape}}}}"]}}}""",
        };
        return Post("lone-surrogate", Encoding.UTF8.GetBytes(body), 400, where switch { 0 => "id", 1 => "action", 2 => "payload.s", 3 => "payload", _ => "payload.a.b[0]" });
    });

    private static readonly Gen<MalformedCase> DeepNesting = Gen.Int[33, 40].SelectMany(depth => Gen.Select(Gen.Bool.Array[depth], Action, (arrays, action) =>
    {
        var json = new StringBuilder($$"""{"action":"{{action}}","payload":""");
        var closers = new Stack<char>();
        for (var level = 1; level <= depth; level++)
        {
            var array = level > 1 && arrays[level - 1];
            json.Append(array ? "[" : """{"k":""");
            closers.Push(array ? ']' : '}');
        }

        json.Append('1');
        while (closers.Count > 0)
        {
            json.Append(closers.Pop());
        }

        return Post("deep-nesting", Encoding.UTF8.GetBytes(json.Append('}').ToString()), 400, "payload");
    }));

    private static readonly Gen<MalformedCase> HugeNumbers = Gen.OneOf<MalformedCase>(
        Gen.Select(Gen.Int[309, 99_999], Gen.Bool, Action, (exponent, negative, action)
            => Post("huge-number", Encoding.UTF8.GetBytes($$$"""{"action":"{{{action}}}","payload":{"n":{{{(negative ? "-" : string.Empty)}}}1e{{{exponent}}}}}"""), 400, "payload.n")),
        Gen.Int[20, 400].Select(digits
            => Post("huge-number", Encoding.UTF8.GetBytes($$$"""{"action":"gated_test","payload":{"chunks":{{{new string('9', digits)}}}}}"""), 400, "payload.chunks")));

    private static readonly Gen<MalformedCase> DuplicateKeys = Gen.Select(ValidId, Gen.Int[0, 4], (id, shape) =>
    {
        var (body, field) = shape switch
        {
            0 => ($$$"""{"action":"echo","action":"echo_async","payload":{}}""", "action"),
            1 => ($$$"""{"id":"{{{id}}}","action":"echo_async","id":"{{{id}}}","payload":{}}""", "id"),
            2 => ("""{"action":"echo","payload":{},"payload":{"k":1}}""", "payload"),
            3 => ("""{"action":"echo_async","payload":{"k":1,"k":2}}""", "payload.k"),
            _ => ("""{"action":"echo","payload":{"list":[{"k":1,"\u006b":2}]}}""", "payload.list[0].k"),
        };
        return Post("duplicate-key", Encoding.UTF8.GetBytes(body), 400, field);
    });

    private static readonly Gen<string> InvalidId = Gen.OneOf<string>(
        Gen.OneOf(BadIds),
        Gen.Select(ValidId, Gen.Char[" /\\#?%\n\r\t\u0000\u007f\u00e9\u4e2d\u00a0+=,;'\"<>!@$&*()[]{}|`~"], Gen.Int[0, 24], (id, bad, at)
            => id.Insert(Math.Min(at, id.Length), bad.ToString())),
        Gen.Int[129, 400].Select(length => new string('a', length)));

    private static readonly Gen<MalformedCase> BadBodyIds = Gen.Select(InvalidId, Action, (id, action)
        => Post("bad-id", Encoding.UTF8.GetBytes($$$"""{"id":{{{JsonSerializer.Serialize(id)}}},"action":"{{{action}}}","payload":{}}"""), 400, "id"));

    private static readonly Gen<MalformedCase> BadRouteIds = Gen.Select(
        Gen.OneOf<(string Segment, bool Certain)>(
            InvalidId.Where(id => id is not "." and not ".." and not "" && !id.Contains('\0', StringComparison.Ordinal)).Select(id => (Segment: Uri.EscapeDataString(id), Certain: true)),
            Gen.OneOf(BadRouteSegments).Select(segment => (Segment: segment, Certain: false))),
        Gen.Int[0, 2],
        (route, method) => method switch
        {
            0 => new MalformedCase("bad-route-id", "GET", "api/requests/" + route.Segment, null, route.Certain ? 400 : null, route.Certain ? "id" : null),
            1 => new MalformedCase("bad-route-id", "POST", $"api/requests/{route.Segment}/cancel", null, route.Certain ? 400 : null, route.Certain ? "id" : null),
            _ => new MalformedCase("bad-route-id", "DELETE", "api/requests/" + route.Segment, null, route.Certain ? 400 : null, route.Certain ? "id" : null),
        });

    private static readonly Gen<MalformedCase> BadActionNames = Gen.OneOf(BadActions).Select(action
        => Post("bad-action", Encoding.UTF8.GetBytes($$$"""{"action":{{{JsonSerializer.Serialize(action)}}},"payload":{}}"""), null, null));

    private static readonly Gen<MalformedCase> BadHeaders = Gen.OneOf<MalformedCase>(
        Gen.OneOf(BadContentTypes).Select(type => Post("bad-content-type", """{"action":"echo","payload":{}}"""u8.ToArray(), null, "Content-Type") with { ContentType = type }),
        Gen.OneOf(GarbageAuthorizations).Select(authorization => Post("bad-authorization", """{"action":"echo","payload":{}}"""u8.ToArray(), 401, null) with { Authorization = authorization }),
        Gen.Char["ABCDEFabcdef0123456789-_.~+/="].Array[1, 200].Select(token => Post("bad-authorization", """{"action":"echo","payload":{}}"""u8.ToArray(), 401, null) with { Authorization = "Bearer " + new string(token) }));

    private static readonly Gen<MalformedCase> BadQueries = Gen.OneOf<MalformedCase>(
        Gen.OneOf("0", "101", "-1", "ten", "1e3", "%FF", "%00", "1%0A", "9999999999999999999")
            .Select(top => new MalformedCase("bad-query", "GET", "api/requests?top=" + top, null, 400, "top")),
        Gen.OneOf("Finished", "Running,2", "%FF", "%ED%A0%80", "Running%00", "7").Select(status => new MalformedCase("bad-query", "GET", "api/requests?status=" + status, null, 400, "status")),
        Gen.Char["ABCDEFabcdef0123456789-_%"].Array[1, 300].Select(token => new MalformedCase("bad-query", "GET", "api/requests?continuationToken=" + Uri.EscapeDataString(new string(token)), null, 400, "continuationToken")));

    private static readonly Gen<MalformedCase> WrongMethods = Gen.OneOf(
        ("PUT", "api/requests"), ("PATCH", "api/requests"), ("DELETE", "api/requests"), ("PUT", "api/requests/r1"), ("GET", "api/requests/r1/cancel"), ("POST", "api/requests/r1"), ("GET", "api/no-such-route"))
        .Select(c => new MalformedCase("wrong-method", c.Item1, c.Item2, c.Item1 is "GET" or "DELETE" ? null : "{}"u8.ToArray(), null, null));

    /// <summary>Every family, with a random <c>Accept</c> header on top (errors are problem+json whatever it says).</summary>
    public static Gen<MalformedCase> Any { get; } = Gen.Select(
        Gen.Frequency<MalformedCase>(
            (3, Truncated), (2, WrongTypes), (3, InvalidUtf8Strings), (3, LoneSurrogates), (2, DeepNesting), (1, HugeNumbers), (1, DuplicateKeys),
            (3, BadBodyIds), (2, BadRouteIds), (1, BadActionNames), (2, BadHeaders), (1, BadQueries), (1, WrongMethods)),
        Gen.OneOf(Accepts),
        (malformed, accept) => malformed with { Accept = accept });

    private static MalformedCase Post(string family, byte[] body, int? status, string? field) => new(family, "POST", "api/requests", body, status, field);
}
