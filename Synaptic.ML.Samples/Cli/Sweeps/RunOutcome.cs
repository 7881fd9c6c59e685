using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>How one run of a batch (<see cref="ParallelRuns"/>) ended.</summary>
/// <param name="Request">What was asked (its <see cref="TrainRequest.Name"/> names the folder).</param>
/// <param name="Status"><c>completed</c>, <c>reused</c> (a completed folder found from an earlier invocation), <c>interrupted</c>, <c>failed</c> or <c>not started</c>.</param>
/// <param name="Folder">The experiment's folder, or null when it did not start.</param>
/// <param name="Evaluation">The final evaluation of a completed run, or null.</param>
/// <param name="Seconds">Training seconds.</param>
/// <param name="Error">Why a failed run failed, or null.</param>
public sealed record RunOutcome(TrainRequest Request, string Status, ExperimentFolder? Folder, EvaluationSummary? Evaluation, double Seconds, string? Error)
{
    /// <summary>Whether the run has a final evaluation to tabulate (completed now or earlier).</summary>
    public bool Finished => Status is "completed" or "reused";

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        "completed" => string.Create(CultureInfo.InvariantCulture, $"{Request.Name}: {Evaluation} in {Seconds:F1} s"),
        "reused" => $"{Request.Name}: completed earlier, {Evaluation}",
        "failed" => $"{Request.Name}: failed: {Error}",
        _ => $"{Request.Name}: {Status}",
    };
}
