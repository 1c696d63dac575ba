using System.Net;
using System.Net.Http.Json;
using System.Text;
using Streamer.Host.Hosting;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Security;

/// <summary>
/// What a web page of another origin can send to a developer's local host, and what it gets: the dev token endpoint
/// answers only same-origin <c>application/json</c>, no answer carries a CORS grant, and in Development only the
/// host's own names are answered (DNS rebinding).
/// </summary>
[Collection(StreamerAppCollection.Name)]
public sealed class DevTokenOriginTests(StreamerAppFixture app)
{
    private const string Body = "{\"user\":\"victim\",\"tenant\":\"contoso\"}";

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_simple_request_media_type_answers_415_and_no_token(string mediaType)
    {
        using var client = app.CreateClient();
        using var content = new StringContent(Body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var response = await client.PostAsync(new Uri("api/dev/token", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "VALIDATION");
        Assert.Contains("Content-Type", ProblemAssert.ErrorFields(problem));
    }

    [Fact]
    public async Task A_body_without_a_media_type_answers_415()
    {
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));

        using var response = await client.PostAsync(new Uri("api/dev/token", UriKind.Relative), content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "VALIDATION");
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost:1")]
    public async Task A_call_from_another_origin_answers_403_without_a_CORS_grant(string origin)
    {
        using var client = app.CreateClient();
        using var request = JsonPost(origin);

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "no origin may be allowed to read the answer");
    }

    [Fact]
    public async Task A_browser_that_says_the_call_is_cross_site_is_refused_even_without_an_origin()
    {
        using var client = app.CreateClient();
        using var request = JsonPost(origin: null);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task The_dashboard_own_origin_still_gets_a_token()
    {
        using var client = app.CreateClient();
        using var request = JsonPost(app.BaseAddress.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()));
    }

    [Theory]
    [InlineData("api/dev/token")]
    [InlineData("api/actions")]
    [InlineData("")]
    public async Task In_Development_a_request_for_another_host_name_answers_400(string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(path == "api/dev/token" ? HttpMethod.Post : HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        }

        // What a browser sends after DNS rebinding: the attacker's name, resolved to this machine.
        request.Headers.Host = "rebind.attacker.example";

        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Contains("AllowedHosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task Loopback_names_are_answered(string host)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/health", UriKind.Relative));
        request.Headers.Host = $"{host}:{app.BaseAddress.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Names_configured_in_AllowedHosts_are_added_and_a_wildcard_is_not()
    {
        var allowed = DevelopmentHosts.Allowed("devbox.local; *;other.test");

        Assert.Equal(["127.0.0.1", "[::1]", "devbox.local", "localhost", "other.test"], allowed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("*", allowed);
    }

    private static HttpRequestMessage JsonPost(string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/dev/token", UriKind.Relative))
        {
            Content = new StringContent(Body, Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
