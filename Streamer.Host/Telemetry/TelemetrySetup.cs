using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Streamer.Activities.Telemetry;
using Streamer.Api.Health;
using Streamer.Durable.Telemetry;

namespace Streamer.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the host. Traces: ASP.NET Core requests and the engine's spans, which carry the trace through
/// the orchestration to every activity. Metrics: requests and progress (meter <c>Streamer</c>), the engine and the
/// task hub's queue backlog, SignalR connections, and ASP.NET Core's HTTP metrics. Exporters follow configuration.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>The ASP.NET Core meter that publishes <c>signalr.server.active_connections</c> and connection durations.</summary>
    private const string SignalRConnectionsMeter = "Microsoft.AspNetCore.Http.Connections";

    /// <summary>
    /// Exports with OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, and to the console only when <c>Streamer:Telemetry:Console</c>
    /// is true (<c>Streamer__Telemetry__Console=true</c>). The console is off by default, in Development too: an idle host
    /// prints over a thousand lines of metrics every export interval, which drowns the log.
    /// </summary>
    public static IServiceCollection AddStreamerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString ? connectionString : null;
        var console = configuration.GetValue("Streamer:Telemetry:Console", false);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "streamer"))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(DurableTelemetry.SourceName, DurableTelemetry.FrameworkSourceName)
                    .AddAspNetCoreInstrumentation(http => http.Filter = context => !context.Request.Path.StartsWithSegments(HealthEndpoints.Path));
                if (appInsights is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(monitor => monitor.ConnectionString = appInsights);
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(RequestMetrics.MeterName, DurableTelemetry.SourceName, SignalRConnectionsMeter)
                    .AddAspNetCoreInstrumentation();
                if (appInsights is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(monitor => monitor.ConnectionString = appInsights);
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (otlp)
        {
            // Reads the standard OTEL_EXPORTER_OTLP_* settings (endpoint, protocol, headers) for every signal.
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
