using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// One trainer as the <c>synaptic</c> tool runs it: its name on the command line, its options type and default
/// preset, what its <c>--env</c> names (an environment id or a data set), and how to train, evaluate, render and
/// analyze what it makes. A trainer that lands adds one registration to <see cref="AlgorithmRegistry"/>.
/// </summary>
public abstract class CliAlgorithm
{
    /// <summary>The name after <c>--algo</c>, e.g. <c>ppo</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>synaptic algorithms</c>.</summary>
    public abstract string Summary { get; }

    /// <summary>The preset used when none is given.</summary>
    public abstract string DefaultPreset { get; }

    /// <summary>The trainer's options type (a public parameterless constructor makes the defaults).</summary>
    public abstract Type OptionsType { get; }

    /// <summary>The setting that <c>--budget</c> sets (<c>TotalTimesteps</c>, <c>Episodes</c>, <c>Epochs</c>).</summary>
    public virtual string BudgetSetting => nameof(EnvironmentTrainerOptions.TotalTimesteps);

    /// <summary>What <c>--env</c> names for this trainer, for help texts ("environment id", "data set").</summary>
    public abstract string EnvironmentKind { get; }

    /// <summary>Whether an interrupted run can continue from its checkpoint (<c>train --resume</c>).</summary>
    public virtual bool CanResume => typeof(EnvironmentTrainerOptions).IsAssignableFrom(OptionsType);

    /// <summary>The environment (or data set) named in <paramref name="options"/>, if they name one.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The name, or null.</returns>
    public abstract string? EnvironmentOf(TrainerOptions options);

    /// <summary>Makes <paramref name="options"/> train on <paramref name="environment"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="environment">The environment id or data set.</param>
    public abstract void UseEnvironment(TrainerOptions options, string environment);

    /// <summary>Prepares <paramref name="options"/> for a run in <paramref name="folder"/> (checkpoints, evaluations for the best model).</summary>
    /// <param name="options">The options.</param>
    /// <param name="folder">The experiment folder.</param>
    public virtual void UseFolder(TrainerOptions options, ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        options.CheckpointDirectory = folder.Checkpoints;
    }

    /// <summary>Trains with <paramref name="options"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="options">The prepared options.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <returns>The model, the schema to save it with, and its history.</returns>
    public abstract TrainedModel Train(MLContext ml, TrainerOptions options, string environment);

    /// <summary>Evaluates a trained model (loaded from a zip) on <paramref name="environment"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="episodes">Episodes (or test episodes/rows where that applies).</param>
    /// <param name="seed">The evaluation seed.</param>
    /// <returns>The summary.</returns>
    public abstract EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed);

    /// <summary>
    /// Evaluates a trained model with the options it was trained with (from the run or its <c>config.json</c>), for
    /// algorithms whose evaluation depends on them (a few-shot model is tested on its training N-way K-shot task).
    /// By default the options are not needed.
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="episodes">Episodes (or test episodes/rows where that applies).</param>
    /// <param name="seed">The evaluation seed.</param>
    /// <param name="trainedWith">The options the model was trained with, or null when unknown (a bare zip).</param>
    /// <returns>The summary.</returns>
    public virtual EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed, TrainerOptions? trainedWith) =>
        Evaluate(ml, model, environment, episodes, seed);

    /// <summary>Writes a GIF of <paramref name="episodes"/> episodes (or a picture of the model's work) into <paramref name="directory"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="directory">Where to write.</param>
    /// <param name="episodes">How many episodes.</param>
    /// <param name="seed">The first episode's seed.</param>
    /// <returns>The files written.</returns>
    public abstract IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed);

    /// <summary>Renders with the options the model was trained with (see the <c>Evaluate</c> overload that takes them); by default they are not needed.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="directory">Where to write.</param>
    /// <param name="episodes">How many episodes (or pictures).</param>
    /// <param name="seed">The first episode's seed.</param>
    /// <param name="trainedWith">The options the model was trained with, or null when unknown (a bare zip).</param>
    /// <returns>The files written.</returns>
    public virtual IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed, TrainerOptions? trainedWith) =>
        Render(ml, model, environment, directory, episodes, seed);

    /// <summary>The algorithm's own analysis of a trained model (PCA of recurrent states, weight maps…), written into <paramref name="directory"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="environment">The environment id or data set.</param>
    /// <param name="directory">Where to write.</param>
    /// <param name="seed">The seed of any episodes it records.</param>
    /// <returns>The files written (none by default).</returns>
    public virtual IReadOnlyList<string> Analyze(MLContext ml, ITransformer model, string environment, string directory, int seed) => [];

    /// <summary>Fresh options: the trainer's defaults.</summary>
    /// <returns>New options.</returns>
    public TrainerOptions CreateOptions() => (TrainerOptions)Activator.CreateInstance(OptionsType)!;
}
