namespace Streamer.Durable.Tests;

/// <summary>Polls for a condition until a deadline; the only way tests wait for something they cannot await.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var last = default(T);
        while (true)
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {last}");
            }
        }
    }

    public static Task UntilAsync(Func<bool> done, string what, TimeSpan? timeout = null)
        => UntilAsync(() => Task.FromResult(done()), d => d, what, timeout);

    /// <summary>A token for awaiting the runner: a hung orchestration fails the test instead of hanging it.</summary>
    public static CancellationToken Deadline(TimeSpan? timeout = null) => new CancellationTokenSource(timeout ?? DefaultTimeout).Token;
}
