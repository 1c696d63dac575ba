using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamer.Durable.FaultHost;

// A worker host for fault tests, set up the way an application would set up the engine. It shares a
// task hub with other hosts and logs every orchestration lock it takes to its episode log. The test
// starts it with `dotnet Streamer.Durable.FaultHost.dll --FaultHost:HostId A ...` (see FaultHostSettings)
// and kills it with SIGKILL or stops it with SIGTERM.
var builder = Host.CreateApplicationBuilder(args);
var settings = FaultHostSettings.Read(builder.Configuration);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "HH:mm:ss.fff ";
});

using var episodes = new EpisodeLog(settings.EpisodeLogPath);
builder.Services.AddDurableTask(durable => durable
    .AddTasks(registry => FaultTasks.Register(registry, settings.ActivityDuration))
    .ConfigureWorker(worker =>
    {
        worker.ActivityLockRenewalInterval = settings.MessageVisibilityTimeout / 4;
        worker.ShutdownTimeout = TimeSpan.FromSeconds(5);
    })
    .UseAzureStorage(_ => settings.ToBackendOptions()));
builder.Services.DecorateOrchestrationBackend(backend => new EpisodeLoggingBackend(backend, episodes));

// RunAsync disposes the host (and with it the backend, which gives its partitions back) when it stops.
var host = builder.Build();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(
    () => Console.WriteLine(FaultHostProtocol.ReadyLine(settings.HostId)));
await host.RunAsync();
