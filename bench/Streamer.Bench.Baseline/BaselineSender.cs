using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Streamer.Bench.Baseline;

/// <summary>
/// Sends <c>progress</c> messages to a user in the background, shaped like the host's (requestId, sequence,
/// percentage, message, details with <c>t</c> = <see cref="Stopwatch.GetTimestamp"/> taken just before the send).
/// </summary>
internal sealed partial class BaselineSender(IHubContext<BaselineHub> hub, ILogger<BaselineSender> logger)
{
    public void Start(string user, int count, int intervalMs) => _ = Task.Run(async () =>
    {
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var details = new Dictionary<string, long> { ["t"] = Stopwatch.GetTimestamp(), ["i"] = i };
                await hub.Clients.User(user).SendAsync("progress", new { requestId = "baseline", sequence = i, percentage = 99.0 * i / count, message = "bench", details, timestamp = DateTimeOffset.UtcNow });
                await Task.Delay(intervalMs);
            }
        }
        catch (Exception ex)
        {
            LogSendFailed(logger, user, ex);
        }
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "Baseline sends to {User} failed.")]
    private static partial void LogSendFailed(ILogger logger, string user, Exception exception);
}
