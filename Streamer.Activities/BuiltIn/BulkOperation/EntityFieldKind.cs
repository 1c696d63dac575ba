namespace Streamer.Activities.BuiltIn.BulkOperation;

/// <summary>The type a known entity field must have.</summary>
internal enum EntityFieldKind
{
    Text,
    Email,
    NonNegativeNumber,
    NonNegativeInteger,
    PositiveInteger,
}
