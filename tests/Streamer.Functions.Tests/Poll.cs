namespace Streamer.Functions.Tests;

/// <summary>Polls until a condition holds or a deadline passes (no fixed sleeps to wait for something).</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(delay, deadline.Token);
            delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
        }
    }
}
