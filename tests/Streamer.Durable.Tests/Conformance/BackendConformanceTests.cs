using Streamer.Durable.Backends;
using Streamer.Durable.History;
using Streamer.Durable.Worker;
using Xunit.Abstractions;

namespace Streamer.Durable.Tests.Conformance;

/// <summary>
/// The behaviour every backend must show. A backend's test class derives from this and creates a
/// fresh, isolated task hub per call of <see cref="CreateBackendAsync"/>; each test starts its own
/// worker over it and uses its own instance ids. The suite only goes through public contracts
/// (client, worker, backend interface), never a backend's internals.
/// </summary>
/// <remarks>The tests are split by concern over partial files: activities here, then failures, timers and events, and lifecycle.</remarks>
public abstract partial class BackendConformanceTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly ITestOutputHelper _output;

    protected BackendConformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>How long one test may wait for the engine in total; raise it for slow backends.</summary>
    protected virtual TimeSpan WaitTimeout => TimeSpan.FromSeconds(30);

    /// <summary>Creates a backend over a fresh task hub that no other test uses.</summary>
    protected abstract Task<IOrchestrationBackend> CreateBackendAsync();

    [Fact]
    public async Task Chain_of_activities_feeds_each_output_into_the_next_and_records_the_steps_in_order()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.Chain, 5, deadline.Token);

        AssertCompleted(result);
        Assert.Equal(22, result.ReadOutputAs<int>());

        var history = await env.Client.GetHistoryAsync(result.InstanceId, deadline.Token);
        Assert.IsType<ExecutionStartedEvent>(history.First(e => e is not OrchestratorStartedEvent));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, Assert.Single(history.OfType<ExecutionCompletedEvent>()).Status);

        var steps = history.Where(e => e is TaskScheduledEvent or TaskCompletedEvent).ToList();
        (string Name, int Result)[] expected = [("Double", 10), ("AddOne", 11), ("Double", 22)];
        Assert.Equal(expected.Length * 2, steps.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var scheduled = Assert.IsType<TaskScheduledEvent>(steps[2 * i]);
            var completed = Assert.IsType<TaskCompletedEvent>(steps[(2 * i) + 1]);
            Assert.Equal(expected[i].Name, scheduled.Name);
            Assert.Equal(scheduled.EventId, completed.TaskScheduledId);
            Assert.Equal(expected[i].Result, result.DataConverter.Deserialize<int>(completed.Result));
        }

        Assert.Equal(3, steps.OfType<TaskScheduledEvent>().Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task Fan_out_of_1000_activities_fans_in_all_results_without_replaying_per_result()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var result = await RunAsync(env.Client, ConformanceTasks.FanOutFanIn, 1000, deadline.Token);

        AssertCompleted(result);
        Assert.Equal(1_001_000, result.ReadOutputAs<int>());
        var history = await env.Client.GetHistoryAsync(result.InstanceId, deadline.Token);
        Assert.Equal(1000, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());

        var invocations = ConformanceTasks.Invocations[result.InstanceId];
        Assert.True(invocations <= 10, $"The orchestrator body ran {invocations} times to fan in 1000 results; results must be applied in batches, not one replay each.");
    }

    [Fact]
    public async Task Sub_orchestration_output_is_returned_to_the_parent()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();

        var parent = await RunAsync(env.Client, ConformanceTasks.ParentOfChain, 5, deadline.Token);

        AssertCompleted(parent);
        Assert.Equal(23, parent.ReadOutputAs<int>());

        var child = await env.Client.GetInstanceAsync(parent.InstanceId + "-child", getInputsAndOutputs: true, deadline.Token);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(ConformanceTasks.Chain, child.Name);
        Assert.Equal(parent.InstanceId, child.ParentInstanceId);
        Assert.Equal(22, child.ReadOutputAs<int>());

        var history = await env.Client.GetHistoryAsync(parent.InstanceId, deadline.Token);
        var created = Assert.Single(history.OfType<SubOrchestrationInstanceCreatedEvent>());
        Assert.Equal(child.InstanceId, created.InstanceId);
        var completed = Assert.Single(history.OfType<SubOrchestrationInstanceCompletedEvent>());
        Assert.Equal(created.EventId, completed.TaskScheduledId);
    }

    [Fact]
    public async Task Input_and_output_of_one_million_characters_round_trip()
    {
        await using var env = await StartWorkerAsync();
        using var deadline = NewDeadline();
        var payload = "üñí€ode " + string.Create(1_000_000 - 8, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        var result = await RunAsync(env.Client, ConformanceTasks.EchoThroughActivity, payload, deadline.Token);

        AssertCompleted(result);
        Assert.Equal(1_000_000, payload.Length);
        Assert.Equal(payload, result.ReadInputAs<string>());
        Assert.Equal(payload, result.ReadOutputAs<string>());
    }

    private async Task<WorkerEnvironment> StartWorkerAsync(Action<DurableTaskWorkerOptions>? configureWorker = null)
        => await WorkerEnvironment.StartAsync(await CreateBackendAsync(), _output, configureWorker);

    private CancellationTokenSource NewDeadline() => new(WaitTimeout);

    private static string NewInstanceId() => Guid.NewGuid().ToString("N");

    private static Task<string> ScheduleAsync(DurableTaskClient client, string orchestrator, object? input = null, string? instanceId = null)
        => client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId ?? NewInstanceId()));

    private static async Task<OrchestrationMetadata> RunAsync(DurableTaskClient client, string orchestrator, object? input, CancellationToken cancellationToken)
    {
        var instanceId = await ScheduleAsync(client, orchestrator, input);
        return await WaitForCompletionAsync(client, instanceId, cancellationToken);
    }

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, CancellationToken.None);
            throw new TimeoutException($"Instance '{instanceId}' did not finish in time; last state: {Describe(last)}");
        }
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds, failing with its last state at the deadline.</summary>
    private static async Task<OrchestrationMetadata> PollUntilAsync(
        DurableTaskClient client,
        string instanceId,
        Func<OrchestrationMetadata, bool> condition,
        string description,
        CancellationToken cancellationToken)
    {
        OrchestrationMetadata? last = null;
        try
        {
            while (true)
            {
                last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
                if (last is not null && condition(last))
                {
                    return last;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Instance '{instanceId}' never reached: {description}; last state: {Describe(last)}");
        }
    }

    /// <summary>Waits until the orchestrator has set <see cref="ConformanceTasks.WaitingStatus"/>, i.e. its wait is committed.</summary>
    private static Task<OrchestrationMetadata> WaitUntilWaitingAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
        => PollUntilAsync(
            client,
            instanceId,
            m => m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<string>() == ConformanceTasks.WaitingStatus,
            $"custom status '{ConformanceTasks.WaitingStatus}'",
            cancellationToken);

    /// <summary>Reads the instance repeatedly for <paramref name="period"/>, asserting <paramref name="invariant"/> on every read.</summary>
    private static async Task AssertRemainsAsync(
        DurableTaskClient client,
        string instanceId,
        Func<OrchestrationMetadata, bool> invariant,
        string description,
        TimeSpan period,
        CancellationToken cancellationToken)
    {
        using var observation = new CancellationTokenSource(period);
        while (!observation.IsCancellationRequested)
        {
            var state = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            Assert.True(state is not null && invariant(state), $"Expected the instance to remain {description}; it is {Describe(state)}");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static void AssertCompleted(OrchestrationMetadata state)
        => Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"Expected Completed; got {Describe(state)}");

    private static void AssertFailed(OrchestrationMetadata state)
    {
        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Failed, $"Expected Failed; got {Describe(state)}");
        Assert.NotNull(state.FailureDetails);
    }

    private static string Describe(OrchestrationMetadata? state) => state is null
        ? "(no instance)"
        : $"{state.RuntimeStatus}, output {Truncate(state.SerializedOutput)}, custom status {Truncate(state.SerializedCustomStatus)}, failure {state.FailureDetails?.ToString() ?? "none"}, inner failure {state.FailureDetails?.InnerFailure?.ToString() ?? "none"}";

    private static string Truncate(string? value) => value is null ? "null" : value.Length <= 200 ? value : value[..200] + "…";
}
