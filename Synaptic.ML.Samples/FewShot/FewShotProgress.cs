using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>Prints episodic training progress: a line every <c>every</c> episodes and at each new validation.</summary>
/// <param name="label">Prefix of each line.</param>
/// <param name="every">Episodes between lines.</param>
public sealed class FewShotProgress(string label, int every) : IProgress<FewShotTrainingProgress>
{
    private double? _lastValidation;

    /// <inheritdoc/>
    public void Report(FewShotTrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var validated = value.LastValidationAccuracy != _lastValidation;
        _lastValidation = value.LastValidationAccuracy;
        if (value.Episode % every != 0 && !validated && value.Episode != value.Episodes)
            return;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: episode {value.Episode,5}/{value.Episodes} | query accuracy (last 100) {value.MeanAccuracy * 100,5:F1}% | validation {(value.LastValidationAccuracy is double v ? $"{v * 100:F1}%" : "—")} | {value.WallSeconds:F1} s"));
    }
}
