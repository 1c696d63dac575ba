using System.Text.Json;

namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>
/// <c>bulk_operation</c>'s payload: one operation applied to 1–10,000 entities of one type, e.g.
/// <c>{ "operation": "create", "entity_type": "user", "items": [ { "id": "u1", "email": "a@example.com", "name": "Ann" } ] }</c>.
/// </summary>
public sealed class BulkOperationPayload
{
    /// <summary><c>create</c> (insert or replace), <c>update</c> (merge the given fields into an existing entity) or <c>delete</c>.</summary>
    public required string Operation { get; init; }

    /// <summary><c>user</c>, <c>product</c> or <c>order</c>.</summary>
    public required string EntityType { get; init; }

    /// <summary>The entities: objects with a string <c>id</c> and flat fields (strings, numbers, booleans); for delete, only <c>id</c>.</summary>
    public required IReadOnlyList<JsonElement> Items { get; init; }

    /// <summary>Entities per table transaction (and per chunk), 1–100.</summary>
    public int BatchSize { get; init; } = BulkOperationHandler.DefaultBatchSize;
}
