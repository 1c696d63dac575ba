namespace Streamer.Durable.Execution;

/// <summary>Retries a durable task per a <see cref="RetryPolicy"/>, waiting on durable timers between attempts.</summary>
internal static class RetryHandler
{
    public static Task<string?> RunAsync(TaskOrchestrationContext context, RetryPolicy? policy, Func<Task<string?>> attempt)
        => policy is null ? attempt() : RunWithRetriesAsync(context, policy, attempt);

    private static async Task<string?> RunWithRetriesAsync(TaskOrchestrationContext context, RetryPolicy policy, Func<Task<string?>> attempt)
    {
        var firstAttemptAt = context.CurrentUtcDateTime;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failure) when (ShouldRetry(context, policy, failure, attemptNumber, firstAttemptAt))
            {
                await context.CreateTimer(policy.GetDelay(attemptNumber), CancellationToken.None);
            }
        }
    }

    private static bool ShouldRetry(TaskOrchestrationContext context, RetryPolicy policy, TaskFailedException failure, int attemptNumber, DateTime firstAttemptAt)
    {
        if (attemptNumber >= policy.MaxNumberOfAttempts || !policy.HandleFailure(failure.FailureDetails))
        {
            return false;
        }

        return policy.RetryTimeout == Timeout.InfiniteTimeSpan
            || context.CurrentUtcDateTime + policy.GetDelay(attemptNumber) < firstAttemptAt + policy.RetryTimeout;
    }
}
