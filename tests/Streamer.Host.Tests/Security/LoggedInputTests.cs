using Microsoft.AspNetCore.Http;
using Streamer.Api.Errors;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests.Security;

/// <summary>What a client sent reaches the logs escaped: a path with a decoded line feed cannot forge a log line.</summary>
public sealed class LoggedInputTests
{
    [Fact]
    public void A_request_path_with_control_characters_is_logged_escaped()
    {
        using var logs = new RecordingLoggerProvider();
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/api/requests/x\n2026-12-07 crit: forged\u001b[31m";

        // Storage that cannot be reached is logged with the path (and answered 503).
        var problem = KnownExceptions.ToProblem(http, new HttpRequestException("connection refused"), logs.CreateLogger("test"));

        Assert.NotNull(problem);
        var line = Assert.Single(logs.Entries).Message;
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("/api/requests/x%0A2026-12-07%20crit:%20forged%1B%5B31m", line, StringComparison.Ordinal);
    }
}
