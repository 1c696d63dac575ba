namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>What a <c>process_data</c> chunk does.</summary>
public enum ProcessDataStage
{
    /// <summary>Read the input, run the pipeline, and stage the result for the write chunks.</summary>
    Prepare,

    /// <summary>Write one share of the staged result: rows to the output data set, a block of the output file.</summary>
    Write,
}
