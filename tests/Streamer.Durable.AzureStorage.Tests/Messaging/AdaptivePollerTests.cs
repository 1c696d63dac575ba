using Microsoft.Extensions.Time.Testing;
using Streamer.Durable.AzureStorage.Messaging;

namespace Streamer.Durable.AzureStorage.Tests.Messaging;

public sealed class AdaptivePollerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly AdaptivePoller _poller;

    public AdaptivePollerTests()
    {
        _poller = new AdaptivePoller(TimeSpan.FromSeconds(30), _time);
    }

    [Fact]
    public async Task A_nudge_while_the_poller_is_busy_is_kept_for_its_next_wait()
    {
        _poller.Nudge();

        // Nothing advances the fake clock: only the kept nudge can end this wait.
        await _poller.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_nudge_wakes_a_waiting_poller()
    {
        var waiting = _poller.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _poller.Nudge();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Empty_polls_back_off_and_finding_work_resets_the_delay()
    {
        await WaitOutAsync(TimeSpan.FromMilliseconds(10));
        await WaitOutAsync(TimeSpan.FromMilliseconds(20));
        await WaitOutAsync(TimeSpan.FromMilliseconds(40));

        _poller.Reset();

        await WaitOutAsync(TimeSpan.FromMilliseconds(10));
    }

    /// <summary>Checks that one wait lasts exactly <paramref name="expected"/> of fake time.</summary>
    private async Task WaitOutAsync(TimeSpan expected)
    {
        var waiting = _poller.WaitAsync(CancellationToken.None);
        _time.Advance(expected - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted, $"the wait ended before {expected.TotalMilliseconds} ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
