namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>An entity the operation could not apply; the rest of the request still ran.</summary>
/// <param name="Index">Its position in <c>payload.items</c>.</param>
/// <param name="Id">Its id.</param>
/// <param name="Code"><c>NOT_FOUND</c> (update or delete of an entity that does not exist) or <c>REJECTED</c> (storage refused the entity).</param>
/// <param name="Message">What went wrong, for a person.</param>
public sealed record BulkItemFailure(int Index, string Id, string Code, string Message)
{
    /// <summary>The code for an update or delete of an entity that does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The code for an entity the storage service refused.</summary>
    public const string Rejected = "REJECTED";
}
