namespace Streamer.Activities.BuiltIn.Storage;

/// <summary>A published data set: its name and the fields (besides id and date) its records have had.</summary>
internal sealed record DataSetInfo(string Name, IReadOnlyList<string> Columns, DateTimeOffset UpdatedAt);
