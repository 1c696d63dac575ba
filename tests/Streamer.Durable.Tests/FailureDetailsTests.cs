using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Streamer.Durable.Tests;

/// <summary>Failures reach orchestrators and clients as TaskFailureDetails, as on Durable Functions' isolated worker.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class FailureDetailsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Activity_failure_reaches_the_orchestrator_as_TaskFailedException_with_the_exception_type()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var key = Guid.NewGuid().ToString("N");
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CatchActivityFailureOrchestrator), key);

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var caught = done.ReadOutputAs<CaughtFailure>()!;
        Assert.Equal(typeof(TestFailureException).FullName, caught.ErrorType);
        Assert.Equal($"activity failed for {key}", caught.ErrorMessage);
        Assert.True(caught.CausedByTestFailure);
        Assert.True(caught.CausedByInvalidOperation);
        Assert.False(caught.CausedByArgument);
    }

    [Fact]
    public async Task Orchestrator_that_throws_ends_Failed_with_failure_details()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThrowingOrchestrator), "Edsger");

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());
        var read = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: false);
        var listed = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).AsPages().FirstAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Null(done.SerializedOutput);
        foreach (var instance in new[] { done, read! })
        {
            var failure = instance.FailureDetails;
            Assert.NotNull(failure);
            Assert.Equal(typeof(TestFailureException).FullName, failure.ErrorType);
            Assert.Equal("orchestrator failed for Edsger", failure.ErrorMessage);
            Assert.True(failure.IsCausedBy<InvalidOperationException>());
            Assert.Contains(nameof(ThrowingOrchestrator), failure.StackTrace, StringComparison.Ordinal);
        }

        // A listing reads only the Instances row, where the provider keeps the type and message but no stack trace.
        var summary = Assert.Single(listed.Values).FailureDetails;
        Assert.NotNull(summary);
        Assert.Equal(typeof(TestFailureException).FullName, summary.ErrorType);
        Assert.Equal("orchestrator failed for Edsger", summary.ErrorMessage);
    }

    [Fact]
    public async Task Retry_policy_runs_a_failing_activity_the_configured_number_of_times()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var key = Guid.NewGuid().ToString("N");
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), new RetryInput(key, MaxAttempts: 3, Handle: true));

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(typeof(TestFailureException).FullName, done.ReadOutputAs<string>());
        Assert.Equal(3, FailingActivity.Calls[key]);
    }

    [Fact]
    public async Task Retry_policy_whose_HandleFailure_declines_does_not_retry()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString);
        var key = Guid.NewGuid().ToString("N");
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), new RetryInput(key, MaxAttempts: 3, Handle: false));

        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Eventually.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(typeof(TestFailureException).FullName, done.ReadOutputAs<string>());
        Assert.Equal(1, FailingActivity.Calls[key]);
    }
}
