namespace Streamer.Durable.Tests;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Delay_grows_by_the_backoff_coefficient_and_is_capped_at_the_max_interval()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(1, 6).Select(policy.GetDelay);

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void Delay_is_constant_with_the_default_coefficient()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(250));

        Assert.All(Enumerable.Range(1, 4), n => Assert.Equal(TimeSpan.FromMilliseconds(250), policy.GetDelay(n)));
    }

    [Fact]
    public void Delay_of_a_huge_retry_number_is_capped_at_the_default_max_of_one_hour()
    {
        var policy = new RetryPolicy(int.MaxValue, TimeSpan.FromSeconds(1), backoffCoefficient: 10);

        Assert.Equal(TimeSpan.FromHours(1), policy.MaxRetryInterval);
        Assert.Equal(TimeSpan.FromHours(1), policy.GetDelay(1000));
    }

    [Fact]
    public void Defaults_retry_every_failure_without_a_timeout()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1));

        Assert.Equal(3, policy.MaxNumberOfAttempts);
        Assert.Equal(1.0, policy.BackoffCoefficient);
        Assert.Equal(Timeout.InfiniteTimeSpan, policy.RetryTimeout);
        Assert.True(policy.HandleFailure(new TaskFailureDetails("System.Exception", "any")));
    }

    [Fact]
    public void Retry_numbers_start_at_1()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetDelay(0));
    }

    [Fact]
    public void Fewer_than_one_attempt_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(1)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void First_retry_interval_must_be_positive(int milliseconds)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Backoff_coefficient_below_1_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(1), backoffCoefficient: 0.5));

    [Fact]
    public void Max_retry_interval_shorter_than_the_first_is_rejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new RetryPolicy(3, TimeSpan.FromSeconds(10), maxRetryInterval: TimeSpan.FromSeconds(5)));

        Assert.Equal("maxRetryInterval", ex.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Retry_timeout_must_be_positive(int seconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new RetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.FromSeconds(seconds)));

        Assert.Equal("retryTimeout", ex.ParamName);
    }

    [Fact]
    public void Task_options_from_a_retry_policy_carry_it()
    {
        var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1));

        Assert.Same(policy, TaskOptions.FromRetryPolicy(policy).Retry);
        Assert.Same(policy, new SubOrchestrationOptions(Retry: policy).Retry);
    }
}
