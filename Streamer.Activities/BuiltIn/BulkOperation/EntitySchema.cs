namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>
/// What an entity type requires: the fields a create must give and the type of each known field. Other fields
/// are free-form (strings, numbers, booleans), so applications can add their own.
/// </summary>
internal sealed record EntitySchema(string Name, IReadOnlyDictionary<string, EntityFieldKind> Fields, IReadOnlyList<string> RequiredOnCreate)
{
    public static IReadOnlyDictionary<string, EntitySchema> All { get; } = new Dictionary<string, EntitySchema>(StringComparer.Ordinal)
    {
        ["user"] = new("user", new Dictionary<string, EntityFieldKind> { ["email"] = EntityFieldKind.Email, ["name"] = EntityFieldKind.Text }, ["email", "name"]),
        ["product"] = new("product", new Dictionary<string, EntityFieldKind> { ["name"] = EntityFieldKind.Text, ["price"] = EntityFieldKind.NonNegativeNumber, ["stock"] = EntityFieldKind.NonNegativeInteger }, ["name", "price"]),
        ["order"] = new("order", new Dictionary<string, EntityFieldKind> { ["customer_id"] = EntityFieldKind.Text, ["total"] = EntityFieldKind.NonNegativeNumber, ["quantity"] = EntityFieldKind.PositiveInteger }, ["customer_id", "total"]),
    };
}
