namespace Streamer.Durable.Execution;

/// <summary>Retries a durable task per a <see cref="RetryPolicy"/>, waiting on durable timers between attempts.</summary>
internal static class RetryHandler
{
    public static async Task<string?> RunAsync(TaskOrchestrationContext context, RetryPolicy? policy, Func<Task<string?>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }

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
