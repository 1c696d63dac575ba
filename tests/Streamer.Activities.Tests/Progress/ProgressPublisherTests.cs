using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Streamer.Activities.Progress;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.Tests.Progress;

public sealed class ProgressPublisherTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly ActionRequest Request = new("r1", "test", new RequestOwner("t", "u"));

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingProgressSink _sink = new();
    private readonly ProgressPublisher _publisher;

    public ProgressPublisherTests()
    {
        _publisher = new ProgressPublisher(_sink, _sink, _time, Options.Create(new ProgressOptions { ThrottleInterval = Interval }), NullLogger<ProgressPublisher>.Instance);
    }

    [Fact]
    public async Task First_update_is_sent_at_once()
    {
        _publisher.Publish(Request, new ProgressUpdate(5, "first"));

        var sent = await _sink.NextSentAsync();

        Assert.Equal(1, sent.Sequence);
        Assert.Equal("first", sent.Message);
    }

    [Fact]
    public async Task A_burst_inside_one_interval_is_coalesced_into_one_message_carrying_the_latest_state()
    {
        _publisher.Publish(Request, new ProgressUpdate(1, "first"));
        await _sink.NextSentAsync();

        for (var i = 2; i <= 50; i++)
        {
            _publisher.Publish(Request, new ProgressUpdate(i, $"update {i}"));
        }

        var second = await AdvanceUntilSentAsync(notBefore: Interval);

        Assert.Equal("update 50", second.Message);
        Assert.Equal(50, second.Percentage);
        Assert.Equal(2, second.Sequence);
        Assert.False(_sink.TryTakeSent(out _), "only the latest update of the burst is sent");
    }

    [Fact]
    public async Task Throttled_update_waits_for_the_interval()
    {
        _publisher.Publish(Request, new ProgressUpdate(10, "first"));
        await _sink.NextSentAsync();

        _publisher.Publish(Request, new ProgressUpdate(20, "second"));

        var second = await AdvanceUntilSentAsync(notBefore: Interval);
        Assert.Equal("second", second.Message);
    }

    [Theory]
    [InlineData(100, null)]
    [InlineData(20, "writing")]
    public async Task Completion_and_stage_changes_are_sent_without_waiting_for_the_interval(double percentage, string? stage)
    {
        _publisher.Publish(Request, new ProgressUpdate(10, "first"));
        await _sink.NextSentAsync();

        _publisher.Publish(Request, new ProgressUpdate(percentage, "urgent", stage));

        var sent = await _sink.NextSentAsync();
        Assert.Equal("urgent", sent.Message);
    }

    [Fact]
    public async Task Flush_sends_a_held_update_at_once_and_completes_when_it_is_delivered()
    {
        _publisher.Publish(Request, new ProgressUpdate(10, "first"));
        await _sink.NextSentAsync();
        _publisher.Publish(Request, new ProgressUpdate(30, "held"));

        await _publisher.FlushAsync(Request).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("held", _sink.Sent[^1].Message);
    }

    [Fact]
    public async Task Publish_returns_while_storage_is_slow_and_percentage_never_goes_backwards()
    {
        _sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        _publisher.Publish(Request, new ProgressUpdate(60, "ahead"));
        await _sink.AdvanceEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The first update is stuck in storage; publishing another must not wait for it.
        _publisher.Publish(Request, new ProgressUpdate(40, "behind", "other-stage"));
        Assert.Empty(_sink.Sent);

        _sink.Gate.SetResult();
        var first = await _sink.NextSentAsync();
        var second = await _sink.NextSentAsync();

        Assert.Equal(60, first.Percentage);
        Assert.Equal(60, second.Percentage);
        Assert.True(second.Sequence > first.Sequence);
    }

    /// <summary>
    /// Moves the fake clock forward in small steps until the publisher sends, and checks it did not send before
    /// <paramref name="notBefore"/> had passed. Small steps, because the pump may register its timer a moment
    /// after the test publishes; the send time is fixed by the last send, not by when the timer was registered.
    /// </summary>
    private async Task<RequestProgress> AdvanceUntilSentAsync(TimeSpan notBefore)
    {
        var step = TimeSpan.FromMilliseconds(5);
        var advanced = TimeSpan.Zero;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_sink.TryTakeSent(out var sent))
            {
                Assert.True(advanced >= notBefore, $"sent after {advanced.TotalMilliseconds} ms of the {notBefore.TotalMilliseconds} ms interval");
                return sent!;
            }

            _time.Advance(step);
            advanced += step;

            // Real time: lets the pump's continuation run before the clock moves again.
            await Task.Delay(TimeSpan.FromMilliseconds(1), deadline.Token);
        }
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(250, 100)]
    [InlineData(double.NaN, 0)]
    public void Percentages_are_clamped(double reported, double stored)
    {
        var next = RequestProgress.None.Advance(new ProgressUpdate(reported, "m"), DateTimeOffset.UnixEpoch);

        Assert.Equal(stored, next.Percentage);
        Assert.Equal(1, next.Sequence);
    }
}
