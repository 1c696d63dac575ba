using System.Text.Json;
using Streamer.Durable.History;
using Streamer.Durable.Serialization;

namespace Streamer.Durable.Tests;

public sealed class JsonDataConverterTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>One sample of every history event kind, with every optional field set.</summary>
    private static readonly Dictionary<HistoryEventType, HistoryEvent> Samples = new HistoryEvent[]
    {
        new ExecutionStartedEvent(
            At,
            "Orders",
            new OrchestrationInstance("order-1", "exec-1"),
            "{\"id\":1}",
            new ParentOrchestrationInstance("Parent", "parent-1", "exec-0", 4)),
        new ExecutionCompletedEvent(
            At,
            OrchestrationRuntimeStatus.Failed,
            null,
            new TaskFailureDetails("System.InvalidOperationException", "outer", "at X()", new TaskFailureDetails("System.IO.IOException", "inner"))),
        new ExecutionTerminatedEvent(At, "\"stop\""),
        new ExecutionSuspendedEvent(At, "maintenance"),
        new ExecutionResumedEvent(At, null),
        new OrchestratorStartedEvent(At),
        new OrchestratorCompletedEvent(At),
        new TaskScheduledEvent(3, At, "Charge", "42"),
        new TaskCompletedEvent(At, 3, "\"ok\""),
        new TaskFailedEvent(At, 3, new TaskFailureDetails("System.TimeoutException", "slow")),
        new TimerCreatedEvent(4, At, At.AddDays(7)),
        new TimerFiredEvent(At.AddDays(7), 4, At.AddDays(7)),
        new SubOrchestrationInstanceCreatedEvent(5, At, "Child", "order-1:5", null),
        new SubOrchestrationInstanceCompletedEvent(At, 5, "[1,2]"),
        new SubOrchestrationInstanceFailedEvent(At, 5, new TaskFailureDetails("System.Exception", "child")),
        new EventRaisedEvent(At, "Approval", "true"),
        new EventSentEvent(6, At, "other-1", "Ping", null),
    }.ToDictionary(e => e.EventType);

    public static TheoryData<HistoryEventType> EventTypes => [.. Enum.GetValues<HistoryEventType>()];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void History_event_round_trips_through_polymorphic_json(HistoryEventType type)
    {
        Assert.True(Samples.TryGetValue(type, out var sample), $"No sample for {type}; add one when adding an event type.");

        var json = JsonSerializer.Serialize<HistoryEvent>(sample);
        var read = JsonSerializer.Deserialize<HistoryEvent>(json);

        Assert.Contains($"\"$type\":\"{type}\"", json, StringComparison.Ordinal);
        Assert.Equal(sample, read);
        Assert.Equal(type, read!.EventType);
    }

    [Fact]
    public void History_events_round_trip_as_a_list()
    {
        List<HistoryEvent> history = [.. Samples.Values];

        var read = JsonSerializer.Deserialize<List<HistoryEvent>>(JsonSerializer.Serialize(history));

        Assert.Equal(history, read);
    }

    [Fact]
    public void Serialize_uses_camel_case_and_Deserialize_ignores_case()
    {
        var converter = JsonDataConverter.Default;

        var json = converter.Serialize(new Order("A-1", 3));

        Assert.Equal("{\"orderId\":\"A-1\",\"quantity\":3}", json);
        Assert.Equal(new Order("A-1", 3), converter.Deserialize<Order>("{\"ORDERID\":\"A-1\",\"Quantity\":3}"));
    }

    [Fact]
    public void Null_stays_null_and_reads_as_the_default_value()
    {
        var converter = JsonDataConverter.Default;

        Assert.Null(converter.Serialize(null));
        Assert.Null(converter.Deserialize<string>(null));
        Assert.Null(converter.Deserialize<int?>(null));
        Assert.Equal(0, converter.Deserialize<int>(null));
        Assert.Equal(default, converter.Deserialize<DateTime>(null));
    }

    [Fact]
    public void Values_round_trip_with_their_runtime_type()
    {
        var converter = JsonDataConverter.Default;
        object boxed = new Order("B-2", 1);
        var utc = new DateTime(2026, 1, 8, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal("{\"orderId\":\"B-2\",\"quantity\":1}", converter.Serialize(boxed));
        Assert.Equal("héllo \"quoted\" €", converter.Deserialize<string>(converter.Serialize("héllo \"quoted\" €")));
        Assert.Equal(utc, converter.Deserialize<DateTime>(converter.Serialize(utc)));
        Assert.Equal<int[]?>([1, 2, 3], converter.Deserialize<int[]>(converter.Serialize(new[] { 1, 2, 3 })));
    }

    [Fact]
    public void Custom_options_are_used()
    {
        var converter = new JsonDataConverter(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });

        Assert.Equal("{\"order_id\":\"C-3\",\"quantity\":2}", converter.Serialize(new Order("C-3", 2)));
    }

    private sealed record Order(string OrderId, int Quantity);
}
