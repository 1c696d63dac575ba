using System.Text;
using Streamer.Activities.Sdk;
using Streamer.Api.Requests;

namespace Streamer.Host.Tests.Requests;

/// <summary>The start body rules, checked on bytes without a host: what the HTTP starter and the hub both run.</summary>
public sealed class StartCommandParserTests
{
    private const int MaxPayload = 1024 * 1024;

    [Theory]
    [InlineData("a")]
    [InlineData("report-2024_01:part.7")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("a..b")]
    public void Ids_of_the_allowed_characters_pass(string id)
        => Assert.True(RequestKeys.IsValidRequestId(id));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("x1\n")]
    [InlineData("\nx1")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("caf\u00e9")]
    [InlineData("\uff41")]
    [InlineData("a\u0000")]
    public void Ids_outside_the_rule_fail_as_whole_strings(string id)
        => Assert.False(RequestKeys.IsValidRequestId(id));

    [Fact]
    public void Ids_are_at_most_128_characters()
    {
        Assert.True(RequestKeys.IsValidRequestId(new string('a', 128)));
        Assert.False(RequestKeys.IsValidRequestId(new string('a', 129)));
    }

    [Theory]
    [InlineData("echo", true)]
    [InlineData("bulk_operation.v2-beta", true)]
    [InlineData("echo\n", false)]
    [InlineData("", false)]
    [InlineData("ech o", false)]
    [InlineData("\u00e9cho", false)]
    public void Action_names_are_matched_as_whole_strings(string name, bool valid)
        => Assert.Equal(valid, ActionCatalog.IsValidName(name));

    [Theory]
    [InlineData("""{"id":"\ud800","action":"echo","payload":{}}""", "id")]
    [InlineData("""{"id":"ok","action":"echo\udc00","payload":{}}""", "action")]
    [InlineData("""{"action":"echo","payload":{"s":"a\ud800b"}}""", "payload.s")]
    [InlineData("""{"action":"echo","payload":{"list":[1,{"s":"\ud800\u0041"}]}}""", "payload.list[1].s")]
    [InlineData("""{"action":"echo","payload":{"a":1,"\udfff":2}}""", "payload")]
    [InlineData("""{"\ud800":1,"action":"echo"}""", "body")]
    public void Unpaired_surrogate_escapes_are_400_naming_the_field(string json, string field)
        => AssertRejected(Encoding.UTF8.GetBytes(json), field, "surrogate");

    [Fact]
    public void A_surrogate_pair_escape_is_valid_Unicode()
    {
        var (command, rejection) = StartCommandParser.Parse(Encoding.UTF8.GetBytes("""{"action":"echo","payload":{"s":"\ud83d\ude00"}}"""), MaxPayload);

        Assert.Null(rejection);
        Assert.Equal("\U0001F600", command!.Payload.GetProperty("s").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void Invalid_UTF_8_inside_a_payload_string_is_400_naming_the_field(byte[] invalid)
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"echo","payload":{"s":"ab"}}""").ToList();
        body.InsertRange(body.IndexOf((byte)'b'), invalid);

        AssertRejected([.. body], "payload.s", "UTF-8");
    }

    [Fact]
    public void Invalid_UTF_8_outside_strings_is_400_for_the_body()
        => AssertRejected([.. "{\"action\":\"echo\","u8, 0xFF, .. "\"payload\":{}}"u8], "body", "not valid JSON");

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(StartBodyScanner.MaxPayloadDepth)]
    public void Payloads_up_to_32_levels_pass(int depth)
    {
        var (command, rejection) = StartCommandParser.Parse(Encoding.UTF8.GetBytes(BodyWithDepth(depth)), MaxPayload);

        Assert.Null(rejection);
        Assert.Equal("echo", command!.Action);
    }

    [Theory]
    [InlineData(StartBodyScanner.MaxPayloadDepth + 1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(StartBodyScanner.ReaderMaxDepth + 10)]
    [InlineData(100_000)]
    public void Payloads_deeper_than_32_levels_are_400_naming_payload_and_the_rule(int depth)
        => AssertRejected(Encoding.UTF8.GetBytes(BodyWithDepth(depth)), "payload", "more than 32 levels deep");

    [Theory]
    [InlineData("""{"action":"echo","action":"echo","payload":{}}""", "action")]
    [InlineData("""{"action":"echo","payload":{"a":1,"b":{"c":1,"c":2}}}""", "payload.b.c")]
    [InlineData("""{"action":"echo","payload":{"a":1,"\u0061":2}}""", "payload.a")]
    public void Duplicate_properties_are_400_naming_the_field(string json, string field)
        => AssertRejected(Encoding.UTF8.GetBytes(json), field, "more than once");

    [Theory]
    [InlineData("1e400", "payload.n")]
    [InlineData("-1e309", "payload.n")]
    public void Numbers_beyond_a_double_are_400_naming_the_field(string number, string field)
        => AssertRejected(Encoding.UTF8.GetBytes($$$"""{"action":"echo","payload":{"n":{{{number}}}}}"""), field, "too large");

    [Theory]
    [InlineData("""{"id":"x1\n","action":"echo","payload":{}}""", "id")]
    [InlineData("""{"id":".","action":"echo","payload":{}}""", "id")]
    [InlineData("""{"id":"..","action":"echo","payload":{}}""", "id")]
    [InlineData("""{"id":7,"action":"echo","payload":{}}""", "id")]
    [InlineData("""{"action":"echo\n","payload":{}}""", "action")]
    public void Ids_and_actions_in_a_body_follow_the_whole_string_rules(string json, string field)
        => AssertRejected(Encoding.UTF8.GetBytes(json), field, string.Empty);

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. """{"action":"echo","payload":{}}"""u8];

        var (command, rejection) = StartCommandParser.Parse(body, MaxPayload);

        Assert.Null(rejection);
        Assert.Equal("echo", command!.Action);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON; charset=UTF-8", true)]
    [InlineData("application/merge-patch+json", true)]
    [InlineData(";;;", false)]
    [InlineData("application/json; charset=latin1", false)]
    [InlineData("text/plain", false)]
    [InlineData("+json", false)]
    public void Content_types_must_be_JSON_in_UTF_8(string contentType, bool accepted)
        => Assert.Equal(accepted, StartCommandParser.CheckContentType([contentType]) is null);

    [Fact]
    public void A_missing_content_type_is_accepted_and_two_are_not()
    {
        Assert.Null(StartCommandParser.CheckContentType([]));
        Assert.NotNull(StartCommandParser.CheckContentType(["application/json", "application/json"]));
    }

    /// <summary>A start body whose payload nests <paramref name="depth"/> levels: the payload object is level 1.</summary>
    internal static string BodyWithDepth(int depth)
    {
        var body = new StringBuilder("""{"action":"echo","payload":""");
        for (var level = 1; level < depth; level++)
        {
            body.Append(level % 2 == 0 ? "[" : """{"a":""");
        }

        body.Append(depth % 2 == 0 ? "[]" : "{}");
        for (var level = depth - 1; level >= 1; level--)
        {
            body.Append(level % 2 == 0 ? "]" : "}");
        }

        return body.Append('}').ToString();
    }

    private static void AssertRejected(byte[] body, string field, string messagePart)
    {
        var (command, rejection) = StartCommandParser.Parse(body, MaxPayload);

        Assert.Null(command);
        Assert.NotNull(rejection);
        Assert.Equal(400, rejection.Status);
        Assert.Equal("VALIDATION", rejection.Code);
        var error = Assert.Single(rejection.Errors!);
        Assert.Equal(field, error.Field);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }
}
