using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Bench.HostHook;

[assembly: HostingStartup(typeof(BenchHostingStartup))]

namespace Streamer.Bench.HostHook;

/// <summary>Registers the benchmark's additions before the host's Program adds its own services.</summary>
internal sealed class BenchHostingStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddAction<BenchProgressHandler>();
        services.AddAction<BenchCostHandler>();
        services.AddSingleton<FlowStorageCounter>();
        services.AddSingleton<RequestTimings>();
        services.AddTransient<IStartupFilter, BenchEndpoints>();
    });
}
