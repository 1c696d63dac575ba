using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Streamer.Api.Requests;

namespace Streamer.Functions.Durable;

/// <summary>Deletes finished requests past their retention (<see cref="RequestRetention"/>), every 15 minutes.</summary>
internal sealed class RetentionFunction(RequestRetention retention)
{
    /// <summary>Every 15 minutes, as the ASP.NET Core host's default <c>Streamer:RetentionSweepInterval</c>.</summary>
    public const string Schedule = "0 */15 * * * *";

    [Function("SweepRetention")]
    public Task<int> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
        => retention.SweepAsync(client, cancellationToken);
}
