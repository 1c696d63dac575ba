using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Streamer.Bench.Common;
using Streamer.Testing.Azurite;

namespace Streamer.Bench;

/// <summary>The bare ASP.NET Core baseline app (bench/Streamer.Bench.Baseline) as an OS process on the same Azurite.</summary>
internal sealed class BaselineServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BaselineServerProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public Uri Hub => new(Http.BaseAddress!, "hub");

    /// <summary>From process start to the first 202 of <c>POST /enqueue</c>.</summary>
    public double FirstAcceptedMilliseconds { get; private set; }

    public static async Task<BaselineServerProcess> StartAsync(AzuriteProcess azurite)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(RepositoryPaths.BaselineDll, [], new Dictionary<string, string>
        {
            ["Baseline__Storage"] = azurite.ConnectionString,
            ["Baseline__Port"] = port.ToString(CultureInfo.InvariantCulture),
        });
        var server = new BaselineServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await server.TryEnqueueAsync(deadline.Token) != HttpStatusCode.Accepted)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The baseline server exited. Its output:{Environment.NewLine}{process.Tail()}");
                }

                await Task.Delay(10, deadline.Token);
            }

            server.FirstAcceptedMilliseconds = MonotonicClock.Since(process.StartedAt);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>POST /enqueue</c> with <paramref name="body"/>: one queue message.</summary>
    public async Task<HttpStatusCode> EnqueueAsync(string body, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync("enqueue", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        return response.StatusCode;
    }

    /// <summary><c>GET /entity</c>: one table point read.</summary>
    public async Task<HttpStatusCode> ReadEntityAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync("entity", HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Asks the bare hub to send <paramref name="count"/> stamped progress messages to <paramref name="user"/>.</summary>
    public async Task SendAsync(string user, int count, int intervalMs)
    {
        using var response = await Http.PostAsync(string.Create(CultureInfo.InvariantCulture, $"send?user={user}&count={count}&intervalMs={intervalMs}"), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<GcSnapshot> GcAsync() => await Http.GetFromJsonAsync<GcSnapshot>("gc") ?? throw new InvalidOperationException("/gc answered nothing.");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<HttpStatusCode> TryEnqueueAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await EnqueueAsync("{}", cancellationToken);
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
