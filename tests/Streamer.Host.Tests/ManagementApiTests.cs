using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streamer.Activities.Tasks;
using Streamer.Host.Tests.Infrastructure;

namespace Streamer.Host.Tests;

/// <summary>The Durable Functions-compatible management API under <c>/runtime/webhooks/durabletask/instances</c>.</summary>
[Collection(StreamerAppCollection.Name)]
public sealed partial class ManagementApiTests(StreamerAppFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_is_202_with_Location_and_Retry_After_while_running_then_200_with_the_output()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, requestId, instanceId) = await StartGatedAsync(chunks: 1, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var management = app.CreateManagementClient();
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

        var url = InstanceUrl(instanceId);
        using var running = await management.GetAsync(url, deadline.Token);

        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(new Uri(app.BaseAddress, url), running.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(1), running.Headers.RetryAfter?.Delta);
        var status = await ProblemAssert.JsonAsync(running);
        Assert.Equal("StreamerRequest", status.GetProperty("name").GetString());
        Assert.Equal(instanceId, status.GetProperty("instanceId").GetString());
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(requestId, status.GetProperty("input").GetProperty("request").GetProperty("requestId").GetString());
        Assert.Matches(WholeSecondUtc(), status.GetProperty("createdTime").GetString());
        Assert.Matches(WholeSecondUtc(), status.GetProperty("lastUpdatedTime").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
        Assert.False(status.TryGetProperty("historyEvents", out _));

        using var withoutInput = await management.GetAsync(InstanceUrl(instanceId, query: "showInput=false"), deadline.Token);
        Assert.Equal(JsonValueKind.Null, (await ProblemAssert.JsonAsync(withoutInput)).GetProperty("input").ValueKind);

        run.Release(0);
        var finished = await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);

        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1, finished.GetProperty("output").GetProperty("chunks_finished").GetInt32());
        Assert.Equal(1, finished.GetProperty("customStatus").GetProperty("completedChunks").GetInt32());
        using var done = await management.GetAsync(url, deadline.Token);
        Assert.Null(done.Headers.Location);
    }

    [Fact]
    public async Task A_failed_instance_is_200_with_the_error_as_output_or_500_when_asked_and_its_history_has_no_stack_trace()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.CreateClient(app.TokenFor("mgmt-" + Guid.NewGuid().ToString("N")[..12]));
        var requestId = "mgmt-" + Guid.NewGuid().ToString("N");
        using var start = await client.PostAsJsonAsync("api/requests", new { id = requestId, action = GatedTestAction.ActionName, payload = new { chunks = 2, fail_chunk = 0 } }, deadline.Token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var instanceId = (await ProblemAssert.JsonAsync(start)).GetProperty("id").GetString()!;
        using var management = app.CreateManagementClient();

        var failed = await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        var output = failed.GetProperty("output").GetString()!;
        Assert.StartsWith("Orchestrator function 'StreamerRequest' failed: ", output, StringComparison.Ordinal);
        Assert.Contains("chunk 0 was asked to fail", output, StringComparison.Ordinal);
        using var as500 = await management.GetAsync(InstanceUrl(instanceId, query: "returnInternalServerErrorOnFailure=true"), deadline.Token);
        Assert.Equal(HttpStatusCode.InternalServerError, as500.StatusCode);
        Assert.Equal("Failed", (await ProblemAssert.JsonAsync(as500)).GetProperty("runtimeStatus").GetString());

        using var historyResponse = await management.GetAsync(InstanceUrl(instanceId, query: "showHistory=true&showHistoryOutput=true"), deadline.Token);
        var text = await historyResponse.Content.ReadAsStringAsync(deadline.Token);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("StackTrace", text, StringComparison.Ordinal);
        var history = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("historyEvents").EnumerateArray().ToList();
        var chunkFailure = history.Single(e => e.GetProperty("EventType").GetString() == "TaskFailed");
        Assert.Equal(RequestTaskNames.RunChunk, chunkFailure.GetProperty("FunctionName").GetString());
        Assert.Contains("chunk 0 was asked to fail", chunkFailure.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("Failed", history[^1].GetProperty("OrchestrationStatus").GetString());
        Assert.Equal("Streamer.Activities.Sdk.PayloadRejectedException", Innermost(history[^1].GetProperty("FailureDetails")).GetProperty("ErrorType").GetString());
        Assert.Equal([0], GatedTestRegistry.For(requestId).StartedChunks);
        var request = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("VALIDATION", request.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("payload.fail_chunk: chunk 0 was asked to fail", request.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_management_urls_of_a_202_start_answer_work_with_the_system_key()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var user = "mgmt-" + Guid.NewGuid().ToString("N")[..12];
        using var client = app.CreateClient(app.TokenFor(user));
        var requestId = "mgmt-" + Guid.NewGuid().ToString("N");
        var accepted = await StreamerApi.StartGatedAsync(client, requestId, chunks: 1, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var management = app.CreateManagementClient();
        using var anonymous = app.CreateClient();
        try
        {
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            var sendEvent = accepted.GetProperty("sendEventPostUri").GetString()!;
            Assert.Contains("/raiseEvent/{eventName}?", sendEvent, StringComparison.Ordinal);

            foreach (var (url, content) in new (string, HttpContent?)[]
            {
                (sendEvent.Replace("{eventName}", "ping", StringComparison.Ordinal), Json("1")),
                (accepted.GetProperty("suspendPostUri").GetString()!, null),
                (accepted.GetProperty("resumePostUri").GetString()!, null),
            })
            {
                Assert.StartsWith(app.BaseAddress.AbsoluteUri + "runtime/webhooks/durabletask/instances/" + accepted.GetProperty("id").GetString(), url, StringComparison.Ordinal);
                Assert.Contains($"taskHub={app.TaskHubName}", url, StringComparison.Ordinal);
                using var withoutKey = await anonymous.PostAsync(new Uri(url), content, deadline.Token);
                await ProblemAssert.IsProblemAsync(withoutKey, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                using var response = await management.PostAsync(new Uri(url), content is null ? null : Json("1"), deadline.Token);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }
        finally
        {
            run.Release(0);
        }

        var finished = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task ShowHistory_lists_events_in_Durable_shape_with_results_and_inputs_only_when_asked()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, requestId, instanceId) = await StartGatedAsync(chunks: 2, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        run.Release(0);
        run.Release(1);
        using var management = app.CreateManagementClient();
        var finished = await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);

        var history = await HistoryAsync(management, instanceId, "showHistory=true", deadline.Token);

        var types = history.Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal("ExecutionStarted", types[0]);
        Assert.Equal("StreamerRequest", history[0].GetProperty("FunctionName").GetString());
        Assert.Equal(requestId, history[0].GetProperty("Input").GetProperty("request").GetProperty("requestId").GetString());
        Assert.Equal("ExecutionCompleted", types[^1]);
        Assert.Equal("Completed", history[^1].GetProperty("OrchestrationStatus").GetString());
        Assert.DoesNotContain("OrchestratorStarted", types);
        Assert.DoesNotContain("OrchestratorCompleted", types);
        Assert.DoesNotContain("TaskScheduled", types);
        var tasks = history.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted").ToList();
        Assert.Equal(
            [RequestTaskNames.PlanChunks, RequestTaskNames.RunChunk, RequestTaskNames.RunChunk, RequestTaskNames.FinalizeRequest, RequestTaskNames.NotifyOutcome],
            tasks.Select(t => t.GetProperty("FunctionName").GetString()));
        Assert.All(tasks, t =>
        {
            Assert.True(t.GetProperty("ScheduledTime").GetDateTimeOffset() <= t.GetProperty("Timestamp").GetDateTimeOffset());
            Assert.False(t.TryGetProperty("Result", out _), "a result is shown without showHistoryOutput");
        });
        Assert.False(history[^1].TryGetProperty("Result", out _));

        var withOutput = await HistoryAsync(management, instanceId, "showHistory=true&showHistoryOutput=true", deadline.Token);
        Assert.Equal(finished.GetProperty("output").GetRawText(), withOutput[^1].GetProperty("Result").GetRawText());
        var finalize = withOutput.Single(e => e.TryGetProperty("FunctionName", out var n) && n.GetString() == RequestTaskNames.FinalizeRequest);
        Assert.Equal(2, finalize.GetProperty("Result").GetProperty("chunks_finished").GetInt32());

        var withoutInput = await HistoryAsync(management, instanceId, "showHistory=true&showInput=false", deadline.Token);
        Assert.All(withoutInput, e => Assert.False(e.TryGetProperty("Input", out _), $"{e.GetProperty("EventType")} shows its input"));
    }

    [Fact]
    public async Task Query_filters_by_status_and_created_time_and_pages_with_the_continuation_header()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var management = app.CreateManagementClient();
        var from = DateTimeOffset.UtcNow;
        var finishedIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, requestId, instanceId) = await StartGatedAsync(chunks: 1, deadline.Token);
            GatedTestRegistry.For(requestId).Release(0);
            finishedIds.Add(instanceId);
        }

        var (_, runningRequest, runningId) = await StartGatedAsync(chunks: 1, deadline.Token);
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        try
        {
            foreach (var id in finishedIds)
            {
                await WaitForStatusAsync(management, id, HttpStatusCode.OK, deadline.Token);
            }

            await GatedTestRegistry.For(runningRequest).WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            var window = $"createdTimeFrom={Uri.EscapeDataString(from.ToString("O"))}&createdTimeTo={Uri.EscapeDataString(to.ToString("O"))}";

            var pages = new List<List<JsonElement>>();
            string? continuation = null;
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, InstancesUrl($"{window}&top=3"));
                if (continuation is not null)
                {
                    request.Headers.Add("x-ms-continuation-token", continuation);
                }

                using var response = await management.SendAsync(request, deadline.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                pages.Add([.. (await ProblemAssert.JsonAsync(response)).EnumerateArray()]);
                continuation = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            }
            while (continuation is not null && pages.Count < 10);

            Assert.Equal([3, 1], pages.Select(p => p.Count));
            var listed = pages.SelectMany(p => p).ToList();
            // Durable's query API promises no order (the Azure Storage provider lists by instance id).
            List<string?> all = [runningId, .. finishedIds];
            Assert.Equal(all.Order(), listed.Select(s => s.GetProperty("instanceId").GetString()).Order());
            Assert.All(listed, s => Assert.False(s.TryGetProperty("historyEvents", out _)));

            var completed = await ListAsync(management, $"{window}&runtimeStatus=Completed", deadline.Token);
            Assert.Equal(finishedIds.Order(), completed.Select(s => s.GetProperty("instanceId").GetString()).Order());
            Assert.All(completed, s => Assert.Equal(1, s.GetProperty("output").GetProperty("chunks_finished").GetInt32()));

            var active = await ListAsync(management, $"{window}&runtimeStatus=Pending,Running&runtimeStatus=Suspended", deadline.Token);
            Assert.Equal([runningId], active.Select(s => s.GetProperty("instanceId").GetString()));

            var none = await ListAsync(management, $"createdTimeFrom={Uri.EscapeDataString(to.ToString("O"))}", deadline.Token);
            Assert.DoesNotContain(none, s => s.GetProperty("instanceId").GetString() == runningId);
        }
        finally
        {
            GatedTestRegistry.For(runningRequest).Release(0);
        }
    }

    [Fact]
    public async Task RaiseEvent_is_202_and_recorded_then_404_for_unknown_400_for_bad_bodies_and_410_once_finished()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, requestId, instanceId) = await StartGatedAsync(chunks: 1, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var management = app.CreateManagementClient();
        await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
        try
        {
            using var raised = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), Json("""{"approved":true,"by":"ops"}"""), deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

            var history = await Poll.UntilAsync(
                ct => HistoryAsync(management, instanceId, "showHistory=true", ct),
                h => h.Any(e => e.GetProperty("EventType").GetString() == "EventRaised"),
                deadline.Token);
            var recorded = history.Single(e => e.GetProperty("EventType").GetString() == "EventRaised");
            Assert.Equal("approval", recorded.GetProperty("Name").GetString());
            Assert.True(recorded.GetProperty("Input").GetProperty("approved").GetBoolean());

            using var notJson = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), new StringContent("yes", Encoding.UTF8, "text/plain"), deadline.Token);
            var problem = await ProblemAssert.IsProblemAsync(notJson, HttpStatusCode.BadRequest, "VALIDATION");
            Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var malformed = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), Json("""{"approved":"""), deadline.Token);
            problem = await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.BadRequest, "VALIDATION");
            Assert.Equal(["body"], ProblemAssert.ErrorFields(problem));

            // Event data is stored in the history as sent: text that is not valid Unicode is refused like a start body's.
            using var loneSurrogate = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), Json("""{"note":"\ud800"}"""), deadline.Token);
            problem = await ProblemAssert.IsProblemAsync(loneSurrogate, HttpStatusCode.BadRequest, "VALIDATION");
            Assert.Equal(["body"], ProblemAssert.ErrorFields(problem));
            var invalidUtf8 = new ByteArrayContent([.. "{\"note\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
            invalidUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var badBytes = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), invalidUtf8, deadline.Token);
            await ProblemAssert.IsProblemAsync(badBytes, HttpStatusCode.BadRequest, "VALIDATION");

            using var unknown = await management.PostAsync(InstanceUrl("no-such-instance", "/raiseEvent/approval"), Json("true"), deadline.Token);
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        }
        finally
        {
            run.Release(0);
        }

        await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);
        using var gone = await management.PostAsync(InstanceUrl(instanceId, "/raiseEvent/approval"), Json("true"), deadline.Token);
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.Gone, "CONFLICT");
        var events = await HistoryAsync(management, instanceId, "showHistory=true", deadline.Token);
        Assert.Single(events, e => e.GetProperty("EventType").GetString() == "EventRaised");
    }

    [Fact]
    public async Task Terminate_is_202_and_ends_the_instance_with_the_reason_then_410_and_404_for_unknown()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (user, requestId, instanceId) = await StartGatedAsync(chunks: 2, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var management = app.CreateManagementClient();
        using var client = app.CreateClient(app.TokenFor(user));
        try
        {
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

            using var terminated = await management.PostAsync(InstanceUrl(instanceId, "/terminate", "reason=stopped%20by%20ops"), null, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);

            var status = await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);
            Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
            Assert.Equal("stopped by ops", status.GetProperty("output").GetString());
            var request = await StreamerApi.WaitUntilFinishedAsync(client, requestId, deadline.Token);
            Assert.Equal("Terminated", request.GetProperty("runtimeStatus").GetString());
            Assert.Equal("TERMINATED", request.GetProperty("error").GetProperty("code").GetString());

            using var again = await management.PostAsync(InstanceUrl(instanceId, "/terminate"), null, deadline.Token);
            await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Gone, "CONFLICT");
            using var unknown = await management.PostAsync(InstanceUrl("no-such-instance", "/terminate"), null, deadline.Token);
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        }
        finally
        {
            run.Release(0);
        }

        Assert.Equal([0], run.StartedChunks);
    }

    [Fact]
    public async Task Suspend_holds_the_orchestrator_until_resume_and_both_answer_410_once_finished()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, requestId, instanceId) = await StartGatedAsync(chunks: 2, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var management = app.CreateManagementClient();
        try
        {
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

            using var suspended = await management.PostAsync(InstanceUrl(instanceId, "/suspend", "reason=maintenance"), null, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
            var status = await WaitForStatusAsync(management, instanceId, HttpStatusCode.Accepted, deadline.Token, "Suspended");
            Assert.Equal("Suspended", status.GetProperty("runtimeStatus").GetString());

            // Chunk 0's result is recorded while suspended, but the orchestrator must not act on it: no chunk 1 is scheduled.
            run.Release(0);
            var history = await Poll.UntilAsync(
                ct => HistoryAsync(management, instanceId, "showHistory=true", ct),
                h => h.Any(e => e.TryGetProperty("FunctionName", out var n) && n.GetString() == RequestTaskNames.RunChunk && e.GetProperty("EventType").GetString() == "TaskCompleted"),
                deadline.Token);
            Assert.DoesNotContain(history, e => e.GetProperty("EventType").GetString() == "TaskScheduled");
            Assert.Equal("maintenance", history.Single(e => e.GetProperty("EventType").GetString() == "ExecutionSuspended").GetProperty("Reason").GetString());
            Assert.Equal([0], run.StartedChunks);

            using var resumed = await management.PostAsync(InstanceUrl(instanceId, "/resume", "reason=done"), null, deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
            await run.WhenAsync(1, GatedChunkEvent.Started, deadline.Token);
            run.Release(1);
            status = await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);
            Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        }
        finally
        {
            run.Release(0);
            run.Release(1);
        }

        foreach (var operation in new[] { "/suspend", "/resume" })
        {
            using var gone = await management.PostAsync(InstanceUrl(instanceId, operation), null, deadline.Token);
            await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.Gone, "CONFLICT");
            using var unknown = await management.PostAsync(InstanceUrl("no-such-instance", operation), null, deadline.Token);
            await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        }
    }

    [Fact]
    public async Task Purge_deletes_a_finished_instance_refuses_a_running_one_and_purges_by_filter()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var management = app.CreateManagementClient();
        var from = DateTimeOffset.UtcNow;
        var (_, firstRequest, first) = await StartGatedAsync(chunks: 1, deadline.Token);
        var (_, secondRequest, second) = await StartGatedAsync(chunks: 1, deadline.Token);
        var (_, thirdRequest, third) = await StartGatedAsync(chunks: 1, deadline.Token);
        var (_, runningRequest, running) = await StartGatedAsync(chunks: 1, deadline.Token);
        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var window = $"createdTimeFrom={Uri.EscapeDataString(from.ToString("O"))}&createdTimeTo={Uri.EscapeDataString(to.ToString("O"))}";
        try
        {
            foreach (var (requestId, instanceId) in new[] { (firstRequest, first), (secondRequest, second), (thirdRequest, third) })
            {
                GatedTestRegistry.For(requestId).Release(0);
                await WaitForStatusAsync(management, instanceId, HttpStatusCode.OK, deadline.Token);
            }

            await GatedTestRegistry.For(runningRequest).WhenAsync(0, GatedChunkEvent.Started, deadline.Token);

            using var purged = await management.DeleteAsync(InstanceUrl(first), deadline.Token);
            Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
            Assert.Equal(1, (await ProblemAssert.JsonAsync(purged)).GetProperty("instancesDeleted").GetInt32());
            using var afterPurge = await management.GetAsync(InstanceUrl(first), deadline.Token);
            await ProblemAssert.IsProblemAsync(afterPurge, HttpStatusCode.NotFound, "NOT_FOUND");
            using var purgedAgain = await management.DeleteAsync(InstanceUrl(first), deadline.Token);
            await ProblemAssert.IsProblemAsync(purgedAgain, HttpStatusCode.NotFound, "NOT_FOUND");

            using var stillRunning = await management.DeleteAsync(InstanceUrl(running), deadline.Token);
            await ProblemAssert.IsProblemAsync(stillRunning, HttpStatusCode.PreconditionFailed, "CONFLICT");

            using var byFilter = await management.DeleteAsync(InstancesUrl($"{window}&runtimeStatus=Completed"), deadline.Token);
            Assert.Equal(HttpStatusCode.OK, byFilter.StatusCode);
            Assert.Equal(2, (await ProblemAssert.JsonAsync(byFilter)).GetProperty("instancesDeleted").GetInt32());
            using var nothingLeft = await management.DeleteAsync(InstancesUrl(window), deadline.Token);
            await ProblemAssert.IsProblemAsync(nothingLeft, HttpStatusCode.NotFound, "NOT_FOUND");

            var left = await ListAsync(management, window, deadline.Token);
            Assert.Equal([running], left.Select(s => s.GetProperty("instanceId").GetString()));
        }
        finally
        {
            GatedTestRegistry.For(runningRequest).Release(0);
        }
    }

    [Fact]
    public async Task Calls_without_the_system_key_or_with_a_wrong_one_are_401_and_change_nothing()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (_, requestId, instanceId) = await StartGatedAsync(chunks: 1, deadline.Token);
        var run = GatedTestRegistry.For(requestId);
        using var anonymous = app.CreateClient();
        using var wrongHeader = app.CreateClient();
        wrongHeader.DefaultRequestHeaders.Add("x-functions-key", StreamerAppFixture.SystemKey + "x");
        try
        {
            await run.WhenAsync(0, GatedChunkEvent.Started, deadline.Token);
            var attempts = new Func<HttpClient, string, Task<HttpResponseMessage>>[]
            {
                (c, q) => c.GetAsync(InstanceUrl(instanceId, query: q), deadline.Token),
                (c, q) => c.GetAsync(InstancesUrl(q), deadline.Token),
                (c, q) => c.PostAsync(InstanceUrl(instanceId, "/terminate", q), null, deadline.Token),
                (c, q) => c.PostAsync(InstanceUrl(instanceId, "/suspend", q), null, deadline.Token),
                (c, q) => c.PostAsync(InstanceUrl(instanceId, "/raiseEvent/cancel", q), Json("null"), deadline.Token),
                (c, q) => c.DeleteAsync(InstanceUrl(instanceId, query: q), deadline.Token),
                (c, q) => c.DeleteAsync(InstancesUrl($"createdTimeFrom=2000-01-01T00:00:00Z&{q}"), deadline.Token),
            };
            foreach (var attempt in attempts)
            {
                using var missing = await attempt(anonymous, string.Empty);
                var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                Assert.Contains("x-functions-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                using var wrongCode = await attempt(anonymous, "code=not-the-key");
                await ProblemAssert.IsProblemAsync(wrongCode, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
                using var wrongKey = await attempt(wrongHeader, string.Empty);
                await ProblemAssert.IsProblemAsync(wrongKey, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            }

            using var withCode = await anonymous.GetAsync(InstanceUrl(instanceId, query: "code=" + Uri.EscapeDataString(StreamerAppFixture.SystemKey)), deadline.Token);
            Assert.Equal(HttpStatusCode.Accepted, withCode.StatusCode);
            var status = await ProblemAssert.JsonAsync(withCode);
            Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
            using var management = app.CreateManagementClient();
            var history = await HistoryAsync(management, instanceId, "showHistory=true", deadline.Token);
            Assert.DoesNotContain(history, e => e.GetProperty("EventType").GetString() is "ExecutionTerminated" or "ExecutionSuspended" or "EventRaised");
        }
        finally
        {
            run.Release(0);
        }

        using var checker = app.CreateManagementClient();
        var finished = await WaitForStatusAsync(checker, instanceId, HttpStatusCode.OK, deadline.Token);
        Assert.Equal("Completed", finished.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Without_a_configured_system_key_the_api_answers_404()
    {
        var settings = app.SettingsFor(StreamerAppFixture.NewTaskHubName());
        settings["Streamer:Management:SystemKey"] = string.Empty;
        await using var host = StreamerHost.Start(settings);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", StreamerAppFixture.SystemKey);

        foreach (var url in new[] { "runtime/webhooks/durabletask/instances", "runtime/webhooks/durabletask/instances/some-id" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
            Assert.Contains("Streamer__Management__SystemKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("createdTimeTo=2024-13-45T00:00:00Z", "createdTimeTo")]
    [InlineData("createdTimeFrom=2024-05-02T00:00:00Z&createdTimeTo=2024-05-01T00:00:00Z", "createdTimeTo")]
    [InlineData("runtimeStatus=Running,Finished", "runtimeStatus")]
    [InlineData("runtimeStatus=1", "runtimeStatus")]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("showInput=yes", "showInput")]
    [InlineData("top=5&top=6", "top")]
    public async Task Query_rejects_bad_parameters_with_400_naming_the_parameter(string query, string field)
    {
        using var management = app.CreateManagementClient();

        using var response = await management.GetAsync(InstancesUrl(query));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal([field], ProblemAssert.ErrorFields(problem));
    }

    [Theory]
    [InlineData("runtimeStatus=Completed", "createdTimeFrom")]
    [InlineData("createdTimeFrom=", "createdTimeFrom")]
    [InlineData("createdTimeFrom=2024-05-01T00:00:00Z&runtimeStatus=Running", "runtimeStatus")]
    [InlineData("createdTimeFrom=not-a-date", "createdTimeFrom")]
    public async Task Purge_by_filter_rejects_bad_parameters_with_400(string query, string field)
    {
        using var management = app.CreateManagementClient();

        using var response = await management.DeleteAsync(InstancesUrl(query));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal([field], ProblemAssert.ErrorFields(problem));
    }

    [Fact]
    public async Task A_continuation_token_this_api_did_not_issue_is_400()
    {
        using var management = app.CreateManagementClient();
        foreach (var token in new[] { "%%%not-base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("no-separator")), Convert.ToBase64String(Encoding.UTF8.GetBytes("abc:def")) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, InstancesUrl("top=1"));
            request.Headers.TryAddWithoutValidation("x-ms-continuation-token", token);

            using var response = await management.SendAsync(request);

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
            Assert.Equal(["x-ms-continuation-token"], ProblemAssert.ErrorFields(problem));
        }
    }

    [Theory]
    [InlineData("GET", "some-instance", "", "showHistory=maybe", "showHistory")]
    [InlineData("GET", "some-instance", "", "returnInternalServerErrorOnFailure=1", "returnInternalServerErrorOnFailure")]
    [InlineData("GET", "back%5Cslash", "", "", "instanceId")]
    [InlineData("DELETE", "back%5Cslash", "", "", "instanceId")]
    [InlineData("POST", "some-instance", "/terminate", "reason=a&reason=b", "reason")]
    public async Task Instance_routes_reject_bad_parameters_with_400(string method, string instanceId, string operation, string query, string field)
    {
        using var management = app.CreateManagementClient();

        using var response = await management.SendAsync(new HttpRequestMessage(new HttpMethod(method), InstanceUrl(instanceId, operation, query)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION");
        Assert.Equal([field], ProblemAssert.ErrorFields(problem));
    }

    private async Task<(string User, string RequestId, string InstanceId)> StartGatedAsync(int chunks, CancellationToken cancellationToken)
    {
        var user = "mgmt-" + Guid.NewGuid().ToString("N")[..12];
        using var client = app.CreateClient(app.TokenFor(user));
        var requestId = "mgmt-" + Guid.NewGuid().ToString("N");
        var accepted = await StreamerApi.StartGatedAsync(client, requestId, chunks, cancellationToken);
        return (user, requestId, accepted.GetProperty("id").GetString()!);
    }

    private Uri InstanceUrl(string instanceId, string operation = "", string query = "")
        => new($"runtime/webhooks/durabletask/instances/{instanceId}{operation}?taskHub={app.TaskHubName}&connection=Storage{(query.Length > 0 ? "&" + query : string.Empty)}", UriKind.Relative);

    private Uri InstancesUrl(string query)
        => new($"runtime/webhooks/durabletask/instances?taskHub={app.TaskHubName}&connection=Storage{(query.Length > 0 ? "&" + query : string.Empty)}", UriKind.Relative);

    private async Task<List<JsonElement>> ListAsync(HttpClient management, string query, CancellationToken cancellationToken)
    {
        using var response = await management.GetAsync(InstancesUrl(query), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ProblemAssert.JsonAsync(response)).EnumerateArray()];
    }

    private async Task<List<JsonElement>> HistoryAsync(HttpClient management, string instanceId, string query, CancellationToken cancellationToken)
    {
        using var response = await management.GetAsync(InstanceUrl(instanceId, query: query), cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"status answered {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return [.. body.GetProperty("historyEvents").EnumerateArray()];
    }

    private async Task<JsonElement> WaitForStatusAsync(HttpClient management, string instanceId, HttpStatusCode code, CancellationToken cancellationToken, string? runtimeStatus = null)
    {
        var (_, body) = await Poll.UntilAsync(
            async ct =>
            {
                using var response = await management.GetAsync(InstanceUrl(instanceId), ct);
                return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(ct));
            },
            r => r.StatusCode == code && (runtimeStatus is null || r.Body.GetProperty("runtimeStatus").GetString() == runtimeStatus),
            cancellationToken);
        return body;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonElement Innermost(JsonElement failure)
        => failure.TryGetProperty("InnerFailure", out var inner) ? Innermost(inner) : failure;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex WholeSecondUtc();
}
