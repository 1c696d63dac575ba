using System.Diagnostics;
using System.Net;
using Streamer.Bench.Common;

namespace Streamer.Bench;

/// <summary>
/// Fires <c>count</c> HTTP requests at once from a fresh <see cref="HttpClient"/> (no connection pooled yet, no cap on
/// connections per server, so each request opens its own connection, as a client firing them at once would) and
/// times each from the moment the burst began to its answer.
/// </summary>
internal static class HttpBurst
{
    /// <summary>Sends every request built by <paramref name="build"/> (index 0..count-1) without waiting for any answer.</summary>
    public static async Task<BurstResult> RunAsync(Uri baseAddress, int count, Func<int, HttpRequestMessage> build)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var requests = Enumerable.Range(0, count).Select(build).ToList();
        var began = Stopwatch.GetTimestamp();
        var calls = requests.Select(request => SendAsync(http, request)).ToList();
        var fired = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(calls);
        foreach (var request in requests)
        {
            request.Dispose();
        }

        return new BurstResult(began, fired, answers);
    }

    private static async Task<BurstAnswer> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new BurstAnswer(sent, Stopwatch.GetTimestamp(), response.StatusCode, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new BurstAnswer(sent, Stopwatch.GetTimestamp(), 0, string.Empty, ex.GetType().Name + ": " + ex.Message);
        }
    }
}

/// <summary>A burst: when it began, when the last request had been handed to the client, and every answer.</summary>
internal sealed record BurstResult(long Began, long Fired, IReadOnlyList<BurstAnswer> Answers)
{
    /// <summary>Milliseconds from the burst's start to each answer with <paramref name="status"/>.</summary>
    public List<double> MillisecondsTo(HttpStatusCode status)
        => [.. Answers.Where(a => a.Status == status).Select(a => MonotonicClock.Milliseconds(Began, a.Answered))];

    /// <summary>From the burst's start to its last answer.</summary>
    public double LastAnswerMilliseconds => MonotonicClock.Milliseconds(Began, Answers.Max(a => a.Answered));

    /// <summary>How long handing every request to the client took.</summary>
    public double FiringMilliseconds => MonotonicClock.Milliseconds(Began, Fired);

    /// <summary>"200 × 202" or "198 × 202, 2 × 0 (HttpRequestException: ...)".</summary>
    public string Statuses()
        => string.Join(", ", Answers.GroupBy(a => (int)a.Status).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} × {g.Key}" + (g.FirstOrDefault(a => a.Error is not null)?.Error is { } error ? $" ({error})" : string.Empty)));
}

/// <summary>One request of a burst: when it was sent and answered (<see cref="Stopwatch.GetTimestamp"/>), the status and body, or the error.</summary>
internal sealed record BurstAnswer(long Sent, long Answered, HttpStatusCode Status, string Body, string? Error);
