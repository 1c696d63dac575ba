using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Streamer.Functions.Hosting;

namespace Streamer.Functions.Tests;

/// <summary>The worker's telemetry is on exactly when an exporter is configured.</summary>
public sealed class FunctionsTelemetryTests
{
    [Theory]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/", true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", true)]
    [InlineData("UNRELATED", "x", false)]
    public void Traces_and_metrics_are_collected_only_with_an_exporter(string setting, string value, bool collected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(setting, value)]).Build();
        var services = new ServiceCollection().AddLogging().AddFunctionsTelemetry(configuration);

        using var provider = services.BuildServiceProvider();

        Assert.Equal(collected, provider.GetService<TracerProvider>() is not null);
        Assert.Equal(collected, provider.GetService<MeterProvider>() is not null);
    }
}
