using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Auth;

/// <summary><c>POST /api/dev/token</c>: a working local token in Development, validated input, and absent elsewhere.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed class DevTokenEndpointTests(StreamerAppFixture app)
{
    [Fact]
    public async Task Issues_a_token_the_API_accepts_for_that_user_and_tenant()
    {
        using var anonymous = app.CreateClient();
        var user = $"dev-{Guid.NewGuid():N}"[..20];

        using var response = await anonymous.PostAsJsonAsync("api/dev/token", new { user, tenant = "contoso" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var jwt = new JsonWebToken(token);
        Assert.Equal(user, jwt.Subject);
        Assert.Equal("contoso", jwt.GetClaim("tid").Value);
        Assert.Equal(new DateTimeOffset(jwt.ValidTo), body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.True(jwt.ValidTo > DateTime.UtcNow.AddHours(1), "the token should last the configured dev lifetime (8 h)");

        using var client = app.CreateClient(token);
        using var start = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { hi = 1 } });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
    }

    [Fact]
    public async Task Permissions_given_restrict_the_token()
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("api/dev/token", new { user = "restricted", tenant = "contoso", permissions = new[] { "actions:echo" } });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var client = app.CreateClient(token);

        using var echo = await client.PostAsJsonAsync("api/requests", new { action = "echo", payload = new { } });
        using var other = await client.PostAsJsonAsync("api/requests", new { action = "echo_async", payload = new { } });

        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [InlineData("{\"tenant\":\"contoso\"}", "user")]
    [InlineData("{\"user\":\"alice\"}", "tenant")]
    [InlineData("{\"user\":\"\",\"tenant\":\"contoso\"}", "user")]
    [InlineData("{\"user\":\"a/b\",\"tenant\":\"contoso\"}", "user")]
    [InlineData("{\"user\":\"alice\\n\",\"tenant\":\"contoso\"}", "user")]
    [InlineData("{\"user\":42,\"tenant\":\"contoso\"}", "user")]
    [InlineData("{\"user\":\"alice\",\"tenant\":\"contoso\",\"admin\":true}", "admin")]
    [InlineData("{\"user\":\"alice\",\"tenant\":\"contoso\",\"permissions\":[]}", "permissions")]
    [InlineData("{\"user\":\"alice\",\"tenant\":\"contoso\",\"permissions\":[\"root\"]}", "permissions[0]")]
    [InlineData("[\"alice\"]", "body")]
    [InlineData("{\"user\":\"\\ud800\",\"tenant\":\"contoso\"}", "body")]
    public async Task Invalid_bodies_answer_400_VALIDATION_naming_the_field(string body, string field)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("api/dev/token", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Contains(field, ProblemAssert.ErrorFields(problem));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_answers_400_VALIDATION()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("api/dev/token", UriKind.Relative), new StringContent("user=alice", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
    }

    [Fact]
    public async Task Outside_Development_the_endpoint_does_not_exist()
    {
        // The same app in Production, on the fixture's Azurite with a task hub of its own.
        await using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(ProductionSettings()));
        });
        using var client = production.CreateClient();

        using var token = await client.PostAsJsonAsync("api/dev/token", new { user = "alice", tenant = "contoso" });
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(token, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    /// <summary>The fixture's settings with keys of this run: Production refuses the fixture's, which are published here.</summary>
    private Dictionary<string, string?> ProductionSettings()
    {
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        settings["Streamer:Management:SystemKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        return settings;
    }
}
