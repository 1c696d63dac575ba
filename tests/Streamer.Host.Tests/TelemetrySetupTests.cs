using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Streamer.Durable.Telemetry;
using Streamer.Host.Telemetry;

namespace Streamer.Host.Tests;

/// <summary>Runs alone: it swaps <see cref="Console.Out"/> and starts spans on a source the hosts' tracers also listen to.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "ConsoleCapture";
}

/// <summary>The console exporter is off unless <c>Streamer:Telemetry:Console</c> is true, in Development too (issue #12).</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class TelemetrySetupTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void The_console_exporter_prints_spans_only_when_Streamer_Telemetry_Console_is_true(string? setting, bool printed)
    {
        var settings = new Dictionary<string, string?>();
        if (setting is not null)
        {
            settings["Streamer:Telemetry:Console"] = setting;
        }

        var services = new ServiceCollection().AddLogging();
        services.AddStreamerTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var span = "console-probe-" + Guid.NewGuid().ToString("N");
        var captured = new StringWriter();
        var original = Console.Out;
        Console.SetOut(captured);
        try
        {
            using var provider = services.BuildServiceProvider();
            Assert.NotNull(provider.GetService<TracerProvider>());
            using var source = new ActivitySource(DurableTelemetry.SourceName);
            using (source.StartActivity(span))
            {
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(printed, captured.ToString().Contains(span, StringComparison.Ordinal));
    }
}
