using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>Prints episodic training progress: a line every <c>every</c> episodes and at each new validation.</summary>
/// <param name="label">Prefix of each line.</param>
/// <param name="every">Episodes between lines.</param>
public sealed class FewShotProgress(string label, int every) : IProgress<TrainingProgress>
{
    private double? _lastValidation;

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var validated = value.Evaluated;
        _lastValidation = value.LastEvaluation;
        if (value.Iteration % every != 0 && !validated && value.Steps != value.TotalSteps)
            return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: episode {value.Iteration,5}/{value.TotalSteps} | query accuracy (last 100) {value.RecentMean * 100,5:F1}% | validation {(_lastValidation is double v ? $"{v * 100:F1}%" : "—")} | {value.WallSeconds:F1} s"));
    }
}
