namespace Streamer.Faults.Tests.Infrastructure;

/// <summary>Waits for a condition by asking again at a fixed pace until it holds or a deadline passes.</summary>
internal static class Poll
{
    /// <summary>Asks <paramref name="probe"/> (whose transient errors are retried) every <paramref name="pace"/> until it returns a value; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, TimeSpan pace, string what, Func<string>? describe = null, CancellationToken cancellationToken = default)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or InvalidOperationException or Xunit.Sdk.XunitException))
            {
                // Storage or a host may be briefly unreachable; InvalidOperationException and failed asserts end the wait at once.
                last = ex;
            }

            try
            {
                await Task.Delay(pace, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.{(describe is null ? string.Empty : " " + describe())}{(last is null ? string.Empty : " Last error: " + last.Message)}", last);
            }
        }
    }

    /// <summary>As <see cref="UntilAsync{T}"/> for a yes/no condition.</summary>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, TimeSpan pace, string what, Func<string>? describe = null, CancellationToken cancellationToken = default)
        => UntilAsync<object>(async token => await condition(token) ? true : null, timeout, pace, what, describe, cancellationToken);
}
