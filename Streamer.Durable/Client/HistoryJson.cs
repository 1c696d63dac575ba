using DurableTask.Core.History;
using Newtonsoft.Json.Linq;

namespace Streamer.Durable.Client;

/// <summary>
/// Reads the history the Azure Storage provider returns as JSON (Newtonsoft, without type names) back into DTFx's
/// typed <see cref="HistoryEvent"/>s, choosing each event's class by its <c>EventType</c>.
/// </summary>
internal static class HistoryJson
{
    private static readonly Dictionary<EventType, Type> Types = typeof(HistoryEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(HistoryEvent)) && !t.IsAbstract && t.GetConstructors().Length > 0)
        .Select(t => (Type: t, Sample: SampleEventType(t)))
        .Where(x => x.Sample is not null)
        .GroupBy(x => x.Sample!.Value)
        .ToDictionary(g => g.Key, g => g.First().Type);

    public static List<HistoryEvent> Read(string json)
    {
        var events = new List<HistoryEvent>();
        foreach (var item in JArray.Parse(json).OfType<JObject>())
        {
            var type = item.Value<int?>(nameof(HistoryEvent.EventType)) is { } value && Types.TryGetValue((EventType)value, out var known)
                ? known
                : typeof(GenericEvent);
            events.Add((HistoryEvent)item.ToObject(type)!);
        }

        return events;
    }

    /// <summary>Each event class fixes its <see cref="HistoryEvent.EventType"/>; read it from an instance made without a constructor.</summary>
    private static EventType? SampleEventType(Type type)
    {
        try
        {
            return ((HistoryEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)).EventType;
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
