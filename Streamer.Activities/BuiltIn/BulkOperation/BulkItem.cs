namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>One entity of a bulk operation: its position in <c>items</c>, its id, and its fields as table property values (string, long, double, bool).</summary>
internal sealed record BulkItem(int Index, string Id, IReadOnlyDictionary<string, object> Properties);
