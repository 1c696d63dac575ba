using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace Streamer.Durable.Tests;

/// <summary>The small orchestrators and activities the tests run, written as any Durable Functions app writes them.</summary>
internal static class TestTasks
{
    public const string ApprovalEvent = "approval";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<HelloOrchestrator>();
        registry.AddOrchestrator<WaitForApprovalOrchestrator>();
        registry.AddOrchestrator<StartTimeOrchestrator>();
        registry.AddOrchestrator<ChainOrchestrator>();
        registry.AddOrchestrator<CatchActivityFailureOrchestrator>();
        registry.AddOrchestrator<ThrowingOrchestrator>();
        registry.AddOrchestrator<RetryOrchestrator>();
        registry.AddOrchestrator<ParentOrchestrator>();
        registry.AddOrchestrator<ChildOrchestrator>();
        registry.AddOrchestrator<CountdownOrchestrator>();
        registry.AddActivity<EchoActivity>();
        registry.AddActivity<AddOneActivity>();
        registry.AddActivity<FailingActivity>();
    }
}

internal sealed class EchoActivity : Microsoft.DurableTask.TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello, {input}!");
}

internal sealed class AddOneActivity : Microsoft.DurableTask.TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input + 1);
}

/// <summary>Fails every call with <see cref="TestFailureException"/>, counting calls per key so tests can see retries.</summary>
internal sealed class FailingActivity : Microsoft.DurableTask.TaskActivity<string, string>
{
    public static readonly ConcurrentDictionary<string, int> Calls = new();

    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        Calls.AddOrUpdate(input, 1, (_, n) => n + 1);
        throw new TestFailureException($"activity failed for {input}");
    }
}

internal sealed class TestFailureException(string message) : InvalidOperationException(message);

internal sealed class HelloOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input)
        => context.CallActivityAsync<string>(nameof(EchoActivity), input);
}

internal sealed class WaitForApprovalOrchestrator : TaskOrchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input)
        => context.WaitForExternalEvent<string>(TestTasks.ApprovalEvent);
}

/// <summary>Returns the orchestration's clock at its first episode, which is when DTFx actually started it.</summary>
internal sealed class StartTimeOrchestrator : TaskOrchestrator<string?, DateTime>
{
    public override Task<DateTime> RunAsync(TaskOrchestrationContext context, string? input) => Task.FromResult(context.CurrentUtcDateTime);
}

/// <summary>Calls <see cref="AddOneActivity"/> <c>input</c> times in sequence; counts how often its code is run per instance (replays).</summary>
internal sealed class ChainOrchestrator : TaskOrchestrator<int, int>
{
    public static readonly ConcurrentDictionary<string, int> Runs = new();

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        Runs.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        var value = 0;
        for (var i = 0; i < input; i++)
        {
            value = await context.CallActivityAsync<int>(nameof(AddOneActivity), value);
        }

        return value;
    }
}

internal sealed record CaughtFailure(string ErrorType, string ErrorMessage, bool CausedByInvalidOperation, bool CausedByTestFailure, bool CausedByArgument);

internal sealed class CatchActivityFailureOrchestrator : TaskOrchestrator<string, CaughtFailure>
{
    public override async Task<CaughtFailure> RunAsync(TaskOrchestrationContext context, string input)
    {
        try
        {
            await context.CallActivityAsync<string>(nameof(FailingActivity), input);
            throw new InvalidOperationException("The activity was expected to fail.");
        }
        catch (TaskFailedException ex)
        {
            var failure = ex.FailureDetails;
            return new CaughtFailure(
                failure.ErrorType,
                failure.ErrorMessage,
                failure.IsCausedBy<InvalidOperationException>(),
                failure.IsCausedBy<TestFailureException>(),
                failure.IsCausedBy<ArgumentException>());
        }
    }
}

internal sealed class ThrowingOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => throw new TestFailureException($"orchestrator failed for {input}");
}

internal sealed record RetryInput(string Key, int MaxAttempts, bool Handle);

/// <summary>Calls <see cref="FailingActivity"/> under a retry policy and reports how the last failure surfaced.</summary>
internal sealed class RetryOrchestrator : TaskOrchestrator<RetryInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, RetryInput input)
    {
        var policy = new RetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(100))
        {
            HandleFailure = _ => input.Handle,
        };
        try
        {
            await context.CallActivityAsync<string>(nameof(FailingActivity), input.Key, TaskOptions.FromRetryPolicy(policy));
            return "succeeded";
        }
        catch (TaskFailedException ex)
        {
            return ex.FailureDetails.ErrorType;
        }
    }
}

internal sealed record ParentSeen(string? ParentName, string? ParentInstanceId, string Greeting);

/// <summary>Runs <see cref="ChildOrchestrator"/> as a sub-orchestration; returns what the child saw of its parent.</summary>
internal sealed class ParentOrchestrator : TaskOrchestrator<string, ParentSeen>
{
    public override Task<ParentSeen> RunAsync(TaskOrchestrationContext context, string input)
        => context.CallSubOrchestratorAsync<ParentSeen>(nameof(ChildOrchestrator), input);
}

internal sealed class ChildOrchestrator : TaskOrchestrator<string, ParentSeen>
{
    public override async Task<ParentSeen> RunAsync(TaskOrchestrationContext context, string input)
    {
        var greeting = await context.CallActivityAsync<string>(nameof(EchoActivity), input);
        return new ParentSeen(context.Parent?.Name.Name, context.Parent?.InstanceId, greeting);
    }
}

/// <summary>Continues as new until its input reaches zero, leaving the last value as its custom status.</summary>
internal sealed class CountdownOrchestrator : TaskOrchestrator<int, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        context.SetCustomStatus(new { remaining = input });
        if (input > 0)
        {
            context.ContinueAsNew(input - 1);
            return Task.FromResult(string.Empty);
        }

        return Task.FromResult("lift-off");
    }
}
