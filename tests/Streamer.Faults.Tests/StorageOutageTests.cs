using System.Net;
using Streamer.Faults.Tests.Infrastructure;
using Streamer.Testing.Azurite;

// The fault tests poll at a fixed pace and ride out transient errors (storage and hosts go away on purpose), unlike the shared helper.
using Poll = Streamer.Faults.Tests.Infrastructure.Poll;

namespace Streamer.Faults.Tests;

/// <summary>
/// Storage is gone for two minutes while a host runs. Throughout, the host stays up and says so: liveness answers 200,
/// readiness 503, and the API answers 503 <c>SERVICE_UNAVAILABLE</c> with <c>Retry-After</c> within a few seconds (never
/// 500, never hanging on the storage clients' retries). A second host started during the outage comes up all the same
/// (liveness 200, readiness 503). When storage returns both recover by themselves: readiness is 200 again, and a new
/// request runs to completion.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Each probe's deadline: a call still unanswered then has hung in a retry chain (the storage clients' default is 4
    /// tries of up to 100 s). Far above the few seconds expected; how fast the answers are is measured in bench/.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);

    /// <summary>The pause between rounds of probes.</summary>
    private static readonly TimeSpan ProbePace = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task During_a_two_minute_storage_outage_the_host_stays_up_answers_503_fast_and_recovers_by_itself()
    {
        using var deadline = new CancellationTokenSource(TestTimeout);
        var token = deadline.Token;
        var log = new TestLog(output);
        await using var azurite = await AzuriteProcess.StartAsync(persistToDisk: true, token);
        var hub = "Outage" + Guid.NewGuid().ToString("N")[..8];
        var bearer = await HostProcess.MintTokenAsync("faults", "t1", token);
        await using var host = HostProcess.Start("A", HostProcess.Settings(azurite.ConnectionString, hub));
        HostProcess? late = null;
        try
        {
            await host.WaitUntilReadyAsync(StartTimeout, token);
            using var api = new StreamerClient(host.BaseAddress, bearer);
            await RunEchoAsync(api, "before-outage", token);
            log.Line($"host A (pid {host.ProcessId}) is ready and ran a request; stopping Azurite for {Outage.TotalSeconds:0} s");

            await azurite.StopAsync(graceful: true);
            using var outage = new CancellationTokenSource(Outage);

            // A host that boots while storage is down must still start (nothing may block startup on storage) and say it is not ready.
            late = HostProcess.Start("B", HostProcess.Settings(azurite.ConnectionString, hub + "B"));
            using var lateApi = new StreamerClient(late.BaseAddress, bearer);
            var lateBoot = WaitUntilListeningAsync(late, lateApi, token);
            var answers = new List<(string Probe, ApiAnswer Answer)>();
            var failures = new List<string>();
            for (var round = 0; !outage.IsCancellationRequested; round++)
            {
                Assert.False(host.HasExited, $"The host {host.ExitState} in round {round} of the outage.");
                await CheckAsync("liveness", t => api.LivenessAsync(t), HttpStatusCode.OK, problem: false);
                await CheckAsync("readiness", t => api.ReadinessAsync(t), HttpStatusCode.ServiceUnavailable, problem: false);
                await CheckAsync("start", t => api.StartAsync($"during-{round:D3}", "echo_async", """{"round":1}""", t), HttpStatusCode.ServiceUnavailable, problem: true);
                await CheckAsync("status", t => api.GetAsync("before-outage", t), HttpStatusCode.ServiceUnavailable, problem: true);
                await Task.Delay(ProbePace, token);

                async Task CheckAsync(string probe, Func<CancellationToken, Task<ApiAnswer>> call, HttpStatusCode expected, bool problem)
                {
                    using var answerDeadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                    answerDeadline.CancelAfter(AnswerBound);
                    ApiAnswer answer;
                    try
                    {
                        answer = await call(answerDeadline.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        failures.Add($"round {round} {probe}: no answer within {AnswerBound.TotalSeconds:0} s");
                        return;
                    }

                    answers.Add((probe, answer));
                    if (answer.Status != expected || (problem && (answer.Code != "SERVICE_UNAVAILABLE" || answer.RetryAfter is null)))
                    {
                        failures.Add($"round {round} {probe}: {answer}");
                    }
                }
            }

            Assert.False(host.HasExited, $"The host {host.ExitState} during the outage.");
            var lateReadiness = await lateBoot;
            log.Line($"OUTAGE boot     : host B, started after storage went down, answered liveness 200; readiness then: {(int)lateReadiness.Status}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lateReadiness.Status);
            Assert.False(late.HasExited, $"Host B {late.ExitState} during the outage.");
            foreach (var probe in answers.GroupBy(a => a.Probe))
            {
                var statuses = string.Join(", ", probe.GroupBy(a => (int)a.Answer.Status).Select(g => $"{g.Count()} × {g.Key}"));
                log.Line($"OUTAGE {probe.Key,-9}: {statuses}");
            }

            Assert.True(answers.Count > 0, "No probe ran during the outage.");
            Assert.True(failures.Count == 0, $"{failures.Count} probes during the outage got a wrong answer or none within {AnswerBound.TotalSeconds:0} s:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(30))}");
            Assert.Contains(answers, a => a.Probe == "start" && a.Answer.RetryAfter is not null);

            await azurite.RestartAsync(cancellationToken: token);
            log.Line($"Azurite is back after {Outage.TotalSeconds:0} s down");
            await Poll.UntilAsync(
                async t => !host.HasExited ? (await api.ReadinessAsync(t)).Status == HttpStatusCode.OK : throw new InvalidOperationException($"The host {host.ExitState}."),
                RecoveryTimeout,
                TimeSpan.FromMilliseconds(250),
                "readiness to answer 200 again",
                cancellationToken: token);
            await RunEchoAsync(api, "after-outage", token);
            log.Line("RECOVERY: readiness 200 again after Azurite came back, and a new request completed");
            await late.WaitUntilReadyAsync(RecoveryTimeout, token);
            await RunEchoAsync(lateApi, "after-outage", token);
            log.Line("RECOVERY: host B (booted during the outage) became ready by itself, and a new request on it completed");
            Assert.False(host.HasExited, $"The host {host.ExitState} after the outage.");
            Assert.False(late.HasExited, $"Host B {late.ExitState} after the outage.");
        }
        catch
        {
            log.Host(host, 300);
            if (late is not null)
            {
                log.Host(late, 100);
            }

            throw;
        }
        finally
        {
            if (late is not null)
            {
                await late.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until a host answers liveness 200 (it started), then reads its readiness once.</summary>
    private static async Task<ApiAnswer> WaitUntilListeningAsync(HostProcess host, StreamerClient api, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            async t => host.HasExited
                ? throw new InvalidOperationException($"Host {host.Name} {host.ExitState} before it listened.")
                : (await api.LivenessAsync(t)).Status == HttpStatusCode.OK,
            StartTimeout,
            TimeSpan.FromMilliseconds(200),
            $"host {host.Name} to answer liveness during the outage",
            () => host.Tail(40),
            cancellationToken);
        return await api.ReadinessAsync(cancellationToken);
    }

    /// <summary>Starts an <c>echo_async</c> request and polls its status until it completes.</summary>
    private static async Task RunEchoAsync(StreamerClient api, string id, CancellationToken cancellationToken)
    {
        var accepted = await api.StartAsync(id, "echo_async", """{"hello":"world"}""", cancellationToken);
        Assert.True(accepted.Status == HttpStatusCode.Accepted, $"Starting {id}: {accepted}");
        ApiAnswer? last = null;
        await Poll.UntilAsync(
            async t => (last = await api.GetAsync(id, t)).Status == HttpStatusCode.OK,
            RecoveryTimeout,
            TimeSpan.FromMilliseconds(250),
            $"request {id} to finish",
            () => $"Last status: {last}",
            cancellationToken);
        Assert.Equal("Completed", last!.Json.GetProperty("runtimeStatus").GetString());
    }
}
