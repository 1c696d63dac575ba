using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Streamer.Functions.Health;

/// <summary><c>/api/health</c> (liveness: the process answers) and <c>/api/health/ready</c> (storage, worker, partitions).</summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The liveness path; readiness is below it.</summary>
    public const string Path = "/api/health";

    public static IServiceCollection AddStreamerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<TaskHubHealthCheck>("taskHub", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapStreamerHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Path, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(Path + "/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        });
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, cancellationToken: context.RequestAborted);
    }
}
