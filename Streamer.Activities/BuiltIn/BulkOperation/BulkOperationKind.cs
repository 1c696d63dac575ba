namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>What <c>bulk_operation</c> does to each entity.</summary>
internal enum BulkOperationKind
{
    /// <summary>Insert or replace: idempotent, never fails for an existing id.</summary>
    Create,

    /// <summary>Merge the given fields into an entity that must exist.</summary>
    Update,

    /// <summary>Remove an entity that must exist.</summary>
    Delete,
}
