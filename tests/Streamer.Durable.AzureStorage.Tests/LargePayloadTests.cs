using Microsoft.Extensions.Logging;
using Streamer.Durable.History;
using Streamer.Durable.Tests.Conformance;
using Xunit.Abstractions;

namespace Streamer.Durable.AzureStorage.Tests;

/// <summary>Payloads far beyond a table entity (1 MiB) or queue message (64 KiB) go through storage and come back intact.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargePayloadTests : IDisposable
{
    private const int PayloadLength = 5_000_000;

    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(120);

    private readonly AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly ILoggerFactory _loggerFactory;

    public LargePayloadTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider(output)));
    }

    [Fact]
    public async Task Five_million_character_input_and_output_round_trip_through_an_activity_and_read_back_from_instance_and_history()
    {
        var backend = await _azurite.CreateBackendAsync(_loggerFactory);
        await using var env = await WorkerEnvironment.StartAsync(backend, _output);
        using var deadline = new CancellationTokenSource(WaitTimeout);
        var payload = CreatePayload();

        var instanceId = await env.Client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.EchoThroughActivity, payload, cancellationToken: deadline.Token);
        var result = await env.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);

        Assert.True(result.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"Expected Completed; got {result.RuntimeStatus}, failure {result.FailureDetails?.ToString() ?? "none"}");
        AssertSamePayload(payload, result.ReadInputAs<string>(), "instance input");
        AssertSamePayload(payload, result.ReadOutputAs<string>(), "instance output");

        // A fresh read (not the one the wait returned) and the stored history carry the same payload.
        var reread = await env.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        Assert.NotNull(reread);
        AssertSamePayload(payload, reread.ReadInputAs<string>(), "re-read instance input");
        AssertSamePayload(payload, reread.ReadOutputAs<string>(), "re-read instance output");

        var history = await env.Client.GetHistoryAsync(instanceId, deadline.Token);
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        AssertSamePayload(payload, result.DataConverter.Deserialize<string>(started.Input), "ExecutionStarted input");
        var scheduled = Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Equal(ConformanceTasks.EchoActivity, scheduled.Name);
        AssertSamePayload(payload, result.DataConverter.Deserialize<string>(scheduled.Input), "TaskScheduled input");
        var completed = Assert.Single(history.OfType<TaskCompletedEvent>());
        AssertSamePayload(payload, result.DataConverter.Deserialize<string>(completed.Result), "TaskCompleted result");
        var finished = Assert.Single(history.OfType<ExecutionCompletedEvent>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.Status);
        AssertSamePayload(payload, result.DataConverter.Deserialize<string>(finished.Result), "ExecutionCompleted result");
    }

    public void Dispose() => _loggerFactory.Dispose();

    /// <summary>Pseudo-random text (so compression cannot shrink it below storage limits) with characters that need escaping and multi-byte UTF-8.</summary>
    private static string CreatePayload()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 üñí€\"\\\n\t<>&'";
        var random = new Random(20_261_123);
        var payload = string.Create(PayloadLength, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[rng.Next(alphabet.Length)];
            }
        });
        Assert.Equal(PayloadLength, payload.Length);
        return payload;
    }

    private static void AssertSamePayload(string expected, string? actual, string where)
    {
        Assert.True(actual is not null, $"The {where} is missing.");

        // Assert.Equal on two 5 MB strings would print both; report the first difference instead.
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        var common = Math.Min(expected.Length, actual.Length);
        var index = 0;
        while (index < common && expected[index] == actual[index])
        {
            index++;
        }

        Assert.Fail($"The {where} differs from the payload: length {actual.Length} instead of {expected.Length}, first difference at index {index}.");
    }
}
