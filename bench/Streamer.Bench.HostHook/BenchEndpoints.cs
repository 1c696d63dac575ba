using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Streamer.Bench.Common;

namespace Streamer.Bench.HostHook;

/// <summary>
/// Puts one middleware in front of the host's pipeline. It answers <c>/bench/gc</c> (a <see cref="GcSnapshot"/>),
/// <c>/bench/storage</c> (storage calls per API request kind), <c>/bench/starts</c> (<see cref="RequestTimings"/>),
/// <c>/bench/threads</c> (the thread pool) and <c>POST /bench/storage/reset</c> (counts and timings), and tags every other
/// request's async flow so <see cref="FlowStorageCounter"/> knows whom a storage call served. No authentication: the
/// host listens on loopback and this assembly is only ever loaded by the benchmark.
/// </summary>
internal sealed class BenchEndpoints(FlowStorageCounter counter, RequestTimings timings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            switch (path)
            {
                case "/bench/gc":
                    await context.Response.WriteAsJsonAsync(GcSnapshot.Take());
                    return;
                case "/bench/storage":
                    await context.Response.WriteAsJsonAsync(counter.Snapshot());
                    return;
                case "/bench/starts":
                    await context.Response.WriteAsJsonAsync(timings.Snapshot());
                    return;
                case "/bench/threads":
                    await context.Response.WriteAsJsonAsync(ThreadPoolSnapshot.Take());
                    return;
                case "/bench/storage/reset":
                    counter.Reset();
                    timings.Reset();
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
            }

            var flow = Classify(context.Request.Method, path);
            FlowStorageCounter.Flow = flow;
            counter.Served(flow);
            if (flow != "start")
            {
                await nextMiddleware(context);
                return;
            }

            var entered = Stopwatch.GetTimestamp();
            await nextMiddleware(context);
            timings.Record(entered, Stopwatch.GetTimestamp(), context.Response.StatusCode);
        });
        next(app);
    };

    private static string Classify(string method, string path) => (method, path) switch
    {
        ("POST", "/api/requests") => "start",
        ("GET", _) when path.StartsWith("/api/requests/", StringComparison.Ordinal) => "status",
        ("POST", "/api/negotiate") => "negotiate",
        _ when path.StartsWith("/api/hubs/", StringComparison.Ordinal) => "hub",
        _ => method + " " + path,
    };
}
