using Microsoft.Extensions.DependencyInjection;
using Streamer.Durable.Worker;

namespace Streamer.Durable.Testing;

/// <summary>Settings for a <see cref="DurableTestHost"/>.</summary>
public sealed class DurableTestHostOptions
{
    /// <summary>
    /// Skip time: whenever nothing can run, move the fake clock to the next durable timer. Turn it off
    /// to control time yourself with <see cref="DurableTestHost.AdvanceTimeAsync"/>, for example to raise an
    /// event before a timeout fires.
    /// </summary>
    public bool AutoAdvanceTime { get; set; } = true;

    /// <summary>Where the fake clock starts.</summary>
    public DateTimeOffset StartTime { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How long (in real time) a wait may take before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Adjusts worker limits.</summary>
    public Action<DurableTaskWorkerOptions>? ConfigureWorker { get; set; }

    /// <summary>Registers the services activities and orchestrators need (their constructor dependencies, fakes).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
