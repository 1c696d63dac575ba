using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Streamer.Api.Auth;

namespace Streamer.Api.Health;

/// <summary>
/// <c>/api/health</c> (liveness: the process answers) and <c>/api/health/ready</c> (the checks tagged <see cref="ReadyTag"/>:
/// storage and, on the ASP.NET Core host, its worker and partitions), for both hosts.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks readiness runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The liveness path; readiness is below it.</summary>
    public const string Path = "/api/health";

    public static IResult Live(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store, no-cache";
        return TypedResults.Text("Healthy");
    }

    /// <summary>
    /// 200 while every readiness check is healthy or degraded, 503 otherwise. Each check's status, description and data
    /// (machine names, process ids, partition owners) are shown only to a caller who presents the system key
    /// (<see cref="SystemKeys"/>): a load balancer needs the status alone, and the rest tells an attacker what runs where.
    /// </summary>
    public static async Task<IResult> ReadyAsync(HttpContext http)
    {
        var report = await http.RequestServices.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(ReadyTag), http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store, no-cache";
        var statusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        var systemKey = http.RequestServices.GetRequiredService<IOptionsMonitor<ManagementOptions>>().CurrentValue.SystemKey;
        if (!SystemKeys.IsPresented(http.Request, systemKey))
        {
            return TypedResults.Json(new { status = report.Status.ToString() }, statusCode: statusCode);
        }

        return TypedResults.Json(
            new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
            },
            statusCode: statusCode);
    }
}
