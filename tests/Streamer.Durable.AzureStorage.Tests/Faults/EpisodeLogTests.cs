using System.Diagnostics;
using Streamer.Durable.FaultHost;
using Xunit.Sdk;

namespace Streamer.Durable.AzureStorage.Tests.Faults;

/// <summary>The fault tests' instrumentation can tell: episode logs read back as written, and overlapping locks fail the check.</summary>
public sealed class EpisodeLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamer-episode-log-").FullName;

    [Fact]
    public void Log_reads_back_closed_and_open_intervals_and_ignores_a_line_cut_short_by_a_kill()
    {
        var path = Path.Combine(_directory, "A.log");
        using (var log = new EpisodeLog(path))
        {
            var first = log.Begin("one");
            log.Activity("one", 0);
            log.End(first, "one", EpisodeLoggingBackend.Completed);
            log.Begin("two");
        }

        File.AppendAllText(path, "BEGIN 3 thr");

        var contents = EpisodeLogReader.Read(path, "A");

        Assert.Collection(
            contents.Intervals,
            one => Assert.True(one is { InstanceId: "one", End: not null, Outcome: EpisodeLoggingBackend.Completed } && one.End >= one.Begin),
            two => Assert.True(two is { InstanceId: "two", End: null, Outcome: null }));
        Assert.Equal(1, contents.CompletedCount);
        Assert.Equal("two", Assert.Single(contents.Open).InstanceId);
        Assert.Equal(("one", 0), (Assert.Single(contents.Activities).InstanceId, contents.Activities[0].TaskId));
    }

    [Fact]
    public void Overlapping_locks_on_one_instance_fail_the_check_and_open_locks_count_until_the_given_moment()
    {
        var a = new EpisodeLogContents("A", [new EpisodeInterval("A", 1, "x", Begin: 100, End: 200, "completed"), new EpisodeInterval("A", 2, "y", Begin: 300, End: null, null)], []);
        var b = new EpisodeLogContents("B", [new EpisodeInterval("B", 1, "x", Begin: 200, End: 250, "completed"), new EpisodeInterval("B", 2, "y", Begin: 400, End: 450, "completed")], []);

        // Back to back is fine; A's open lock on y ends when A was killed (at 350), before B locked y.
        FaultChecks.AssertNoOverlappingLocks([a, b], new Dictionary<string, long> { ["A"] = 350, ["B"] = Stopwatch.GetTimestamp() });

        // Had A lived until 500, its open lock on y would overlap B's.
        var overlap = Assert.ThrowsAny<XunitException>(() => FaultChecks.AssertNoOverlappingLocks([a, b], new Dictionary<string, long> { ["A"] = 500, ["B"] = 500 }));
        Assert.Contains("y: [A #2", overlap.Message, StringComparison.Ordinal);
        Assert.Contains("(different hosts)", overlap.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
