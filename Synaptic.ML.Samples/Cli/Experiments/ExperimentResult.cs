namespace Synaptic.ML.Samples.Cli;

/// <summary>A finished (or interrupted) run.</summary>
/// <param name="Folder">Its folder.</param>
/// <param name="Config">Its config, as saved at the end.</param>
/// <param name="Evaluation">The final model's evaluation.</param>
/// <param name="Interrupted">Whether it stopped early on a stop request (Ctrl+C).</param>
public sealed record ExperimentResult(ExperimentFolder Folder, ExperimentConfig Config, EvaluationSummary Evaluation, bool Interrupted);
