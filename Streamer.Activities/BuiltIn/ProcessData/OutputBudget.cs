using System.Globalization;
using Streamer.Activities.Sdk;

namespace Streamer.Activities.BuiltIn.ProcessData;

/// <summary>
/// <c>process_data</c>'s part of the <see cref="MemoryBudget"/>: checks the computed size of the result's rows, of one write
/// chunk's share and of the whole file against their limits, and names the field that took each one over: the step after
/// which it stayed over (<c>payload.pipeline[2].value</c> for a <c>set</c>), or the input when it was over from the start.
/// </summary>
internal static class OutputBudget
{
    private const double Mebibyte = 1024 * 1024;

    /// <summary>
    /// Adds an error per limit the result of <paramref name="steps"/> over the rows in <paramref name="estimate"/> can break.
    /// <paramref name="inputField"/> names the input (<c>records</c> or <c>dataset</c>); <paramref name="estimate"/> is used up.
    /// </summary>
    public static void Check(ResultSizeEstimate estimate, int inputRows, IReadOnlyList<PipelineStep> steps, string inputField, PayloadErrors errors)
    {
        // The size after each prefix of the pipeline, so that an excess is blamed on the step that caused it.
        var sizes = new List<ResultSize>(steps.Count + 1) { estimate.Measure(inputRows) };
        foreach (var step in steps)
        {
            estimate.Apply(step);
            sizes.Add(estimate.Measure(inputRows));
        }

        var result = sizes[^1];
        if (result.LargestRowBytes > MemoryBudget.ProcessDataRowBytes)
        {
            errors.Add(Culprit(sizes, s => s.LargestRowBytes > MemoryBudget.ProcessDataRowBytes, steps, inputField), Invariant(
                $"makes result rows of up to {result.LargestRowBytes:N0} bytes; a row may take at most {MemoryBudget.ProcessDataRowBytes:N0} bytes ({MemoryBudget.ProcessDataRowBytes / Mebibyte:0.#} MiB)"));
        }

        if (result.LargestChunkBytes > MemoryBudget.ProcessDataChunkBytes)
        {
            errors.Add(Culprit(sizes, s => s.LargestChunkBytes > MemoryBudget.ProcessDataChunkBytes, steps, inputField), Invariant(
                $"makes a write chunk of {result.ChunkRows:N0} rows take up to {result.LargestChunkBytes:N0} bytes; a chunk may take at most {MemoryBudget.ProcessDataChunkBytes:N0} bytes ({MemoryBudget.ProcessDataChunkBytes / Mebibyte:0.#} MiB): send fewer records or smaller values"));
        }

        if (result.TotalBytes > MemoryBudget.ProcessDataOutputBytes)
        {
            errors.Add(Culprit(sizes, s => s.TotalBytes > MemoryBudget.ProcessDataOutputBytes, steps, inputField), Invariant(
                $"makes the result up to {result.TotalBytes:N0} bytes ({result.Rows:N0} rows of up to {result.LargestRowBytes:N0} bytes); process_data writes at most {MemoryBudget.ProcessDataOutputBytes:N0} bytes ({MemoryBudget.ProcessDataOutputBytes / Mebibyte:0.#} MiB) per request"));
        }
    }

    /// <summary>Like <see cref="Check"/>, for input read from storage once the work started: the first broken limit fails the request.</summary>
    public static void Enforce(ResultSizeEstimate estimate, int inputRows, IReadOnlyList<PipelineStep> steps, string inputField)
    {
        var errors = new PayloadErrors();
        Check(estimate, inputRows, steps, inputField, errors);
        if (!errors.IsValid)
        {
            throw new PayloadRejectedException($"{errors.Errors[0].Field}: {errors.Errors[0].Message}");
        }
    }

    /// <summary>The field of the step from which on the result stays over the limit (the input's when it always was).</summary>
    private static string Culprit(List<ResultSize> sizes, Func<ResultSize, bool> over, IReadOnlyList<PipelineStep> steps, string inputField)
    {
        var first = sizes.Count - 1;
        while (first > 0 && over(sizes[first - 1]))
        {
            first--;
        }

        if (first == 0)
        {
            return inputField;
        }

        var step = steps[first - 1];
        var path = $"pipeline[{first - 1}]";
        return step.Type != "transform" ? path : step.Op switch
        {
            "set" or "add" or "multiply" or "round" => path + ".value",
            "rename" => path + ".to",
            _ => path,
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
