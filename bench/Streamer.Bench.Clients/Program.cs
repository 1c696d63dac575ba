using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Streamer.Bench.Clients;
using Streamer.Bench.Common;

// Opens --count SignalR connections (WebSockets; skipNegotiation unless --negotiate) with --parallel connects in flight,
// each as its own user, and holds them idle (the client's default 15 s keep-alive ping is the only traffic) until a
// line "stop" (or end of input) arrives on stdin. It runs in its own process so its memory and CPU do not count
// against the host or the harness. Lines on stdout, read by the harness:
//   progress <connected> <failed>        every 1,000 connects
//   ready <connected> <failed> <seconds> <open-file limit> <first error or ->
//   stopped
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = ClientOptions.Parse(args);
var connections = new ConcurrentBag<HubConnection>();
var failed = 0;
var connected = 0;
string? firstError = null;
var started = Stopwatch.GetTimestamp();
using (var gate = new SemaphoreSlim(options.Parallel))
{
    var attempts = Enumerable.Range(0, options.Count).Select(async index =>
    {
        await gate.WaitAsync();
        try
        {
            var connection = Build(options, index);
            await connection.StartAsync();
            connections.Add(connection);
            if (Interlocked.Increment(ref connected) % 1000 == 0)
            {
                Console.WriteLine($"progress {connected} {failed}");
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "), null);
        }
        finally
        {
            gate.Release();
        }
    });
    await Task.WhenAll(attempts);
}

var seconds = MonotonicClock.Since(started) / 1000;
Console.WriteLine($"ready {connected} {failed} {seconds:F2} {ProcessStats.OpenFileLimit(Environment.ProcessId)} {firstError ?? "-"}");
while (Console.ReadLine() is { } line && line != "stop")
{
}

await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
Console.WriteLine("stopped");
return 0;

static HubConnection Build(ClientOptions options, int index)
{
    var user = ClientOptions.User(index);
    var url = options.UserQuery ? new Uri(options.Hub + "?user=" + user) : options.Hub;
    var token = options.SigningKey is { } key ? BenchTokens.Issue(key, user) : null;
    return new HubConnectionBuilder()
        .WithUrl(url, http =>
        {
            http.Transports = HttpTransportType.WebSockets;
            http.SkipNegotiation = !options.Negotiate;
            if (token is not null)
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        })
        .Build();
}
