using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Streamer.Host.Tests.Infrastructure;

/// <summary>Checks the error contract of DESIGN §4.1: problem+json with a <c>code</c> and a <c>traceId</c>, and no stack trace.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts that <paramref name="response"/> is a problem with <paramref name="status"/> and <paramref name="code"/>, and returns its body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("traceId").GetString()), "traceId is missing");
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()), "title is missing");
        Assert.False(body.TryGetProperty("exception", out _), "the body carries an exception");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("StackTrace", text, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    /// <summary>The <c>field</c> names listed in a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonElement problem)
        => [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];

    /// <summary>Reads a JSON body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
