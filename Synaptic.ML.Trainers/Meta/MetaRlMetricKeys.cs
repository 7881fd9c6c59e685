namespace Synaptic.ML.Trainers;

/// <summary>The metric names <see cref="MamlRlTrainer"/> records per meta-iteration, beside <see cref="MetricKeys.Loss"/> (the meta-loss).</summary>
public static class MetaRlMetricKeys
{
    /// <summary>Mean undiscounted episode return of the initial policy on the meta-batch's tasks (the first inner step's episodes).</summary>
    public const string ReturnBeforeAdaptation = "train/return_before_adaptation";

    /// <summary>Mean undiscounted episode return of the adapted policies on the meta-batch's tasks (the meta-loss's episodes).</summary>
    public const string ReturnAfterAdaptation = "train/return_after_adaptation";
}
