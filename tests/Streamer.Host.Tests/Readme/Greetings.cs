using Microsoft.DurableTask;

namespace Streamer.Host.Tests.Readme;

// An activity: real work (I/O, computation). It may run more than once (at-least-once delivery),
// so make its effects idempotent.
public sealed class SayHello : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string name)
        => Task.FromResult($"Hello, {name}!");
}

// An orchestrator: only awaits tasks that come from the context.
public sealed class Greetings : TaskOrchestrator<string[], string[]>
{
    public override async Task<string[]> RunAsync(TaskOrchestrationContext context, string[] cities)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1)));
        var hellos = cities.Select(city => context.CallActivityAsync<string>(nameof(SayHello), city, retry)); // fan-out
        var results = await Task.WhenAll(hellos);                                                           // fan-in

        context.SetCustomStatus(new { greeted = results.Length });
        await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);                        // a durable timer
        var approved = await context.WaitForExternalEvent<bool>("Approve", TimeSpan.FromDays(1));           // an event, with a deadline
        return approved ? results : [];
    }
}
