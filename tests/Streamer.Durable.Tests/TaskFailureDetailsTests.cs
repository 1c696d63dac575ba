namespace Streamer.Durable.Tests;

public sealed class TaskFailureDetailsTests
{
    [Fact]
    public void FromException_keeps_type_message_stack_trace_and_inner_exceptions()
    {
        var exception = Capture(() => throw new InvalidOperationException("outer", new ArgumentException("inner")));

        var details = TaskFailureDetails.FromException(exception);

        Assert.Equal("System.InvalidOperationException", details.ErrorType);
        Assert.Equal("outer", details.ErrorMessage);
        Assert.Contains(nameof(FromException_keeps_type_message_stack_trace_and_inner_exceptions), details.StackTrace, StringComparison.Ordinal);
        Assert.NotNull(details.InnerFailure);
        Assert.Equal("System.ArgumentException", details.InnerFailure.ErrorType);
        Assert.Equal("inner", details.InnerFailure.ErrorMessage);
        Assert.Null(details.InnerFailure.InnerFailure);
    }

    [Fact]
    public void FromException_of_a_TaskFailedException_wraps_the_task_failure()
    {
        var taskFailure = new TaskFailureDetails("System.TimeoutException", "too slow");
        var exception = new TaskFailedException("Fetch", 3, taskFailure);

        var details = TaskFailureDetails.FromException(exception);

        Assert.Equal(typeof(TaskFailedException).FullName, details.ErrorType);
        Assert.Contains("Fetch", details.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("too slow", details.ErrorMessage, StringComparison.Ordinal);
        Assert.Same(taskFailure, details.InnerFailure);
    }

    [Fact]
    public void IsCausedBy_matches_the_exact_type()
        => Assert.True(new TaskFailureDetails("System.TimeoutException", "x").IsCausedBy<TimeoutException>());

    [Fact]
    public void IsCausedBy_matches_a_base_type_of_a_loadable_type()
        => Assert.True(new TaskFailureDetails("System.ArgumentNullException", "x").IsCausedBy<ArgumentException>());

    [Fact]
    public void IsCausedBy_looks_through_inner_failures()
    {
        var details = new TaskFailureDetails(
            typeof(TaskFailedException).FullName!,
            "task failed",
            InnerFailure: new TaskFailureDetails("System.IO.IOException", "disk"));

        Assert.True(details.IsCausedBy<IOException>());
        Assert.True(details.IsCausedBy<TaskFailedException>());
    }

    [Fact]
    public void IsCausedBy_is_false_for_unrelated_types()
    {
        var details = new TaskFailureDetails("System.ArgumentException", "x", InnerFailure: new TaskFailureDetails("System.FormatException", "y"));

        Assert.False(details.IsCausedBy<InvalidOperationException>());
        Assert.False(details.IsCausedBy<ArgumentNullException>());
    }

    [Fact]
    public void IsCausedBy_does_not_guess_the_base_type_of_a_type_it_cannot_load()
    {
        var details = new TaskFailureDetails("Some.Missing.Assembly.CustomException", "x");

        Assert.False(details.IsCausedBy<InvalidOperationException>());
    }

    [Fact]
    public void ToString_shows_type_and_message()
        => Assert.Equal("System.FormatException: bad", new TaskFailureDetails("System.FormatException", "bad").ToString());

    [Fact]
    public void TaskFailedException_names_the_task_and_carries_its_failure()
    {
        var failure = new TaskFailureDetails("System.FormatException", "bad input");

        var ex = new TaskFailedException("Parse", 7, failure);

        Assert.Equal("Parse", ex.TaskName);
        Assert.Equal(7, ex.TaskId);
        Assert.Same(failure, ex.FailureDetails);
        Assert.Contains("Parse", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad input", ex.Message, StringComparison.Ordinal);
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
