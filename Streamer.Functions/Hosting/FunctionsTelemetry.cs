using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Streamer.Activities.Telemetry;

namespace Streamer.Functions.Hosting;

/// <summary>
/// OpenTelemetry for the worker: the Functions worker's invocation spans (correlated with the host's) and the meter
/// <c>Streamer</c> (requests and progress, as on the ASP.NET Core host). Exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the Bicep deployment sets it) and with OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is; with neither, nothing is collected.
/// </summary>
internal static class FunctionsTelemetry
{
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString ? connectionString : null;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (appInsights is null && !otlp)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing =>
            {
                if (appInsights is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(monitor => monitor.ConnectionString = appInsights);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RequestMetrics.MeterName);
                if (appInsights is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(monitor => monitor.ConnectionString = appInsights);
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
