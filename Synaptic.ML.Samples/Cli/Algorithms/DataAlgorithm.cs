using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A trainer that learns from a data set named by <c>--env</c> (<see cref="DataSets"/>) rather than in an environment:
/// <c>train</c> fits it on the data set's training rows with its validation rows in the options (so the trainer keeps
/// the best model: <c>best.zip</c>), <c>eval</c> scores it on the held-out rows or classes, and <c>render</c> draws a
/// picture of its work instead of a GIF. The options do not name the data set; a preset names it
/// (<see cref="TrainerPreset.Environment"/>), or <c>--env</c> does.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="budgetSetting">The setting <c>--budget</c> sets (<c>Episodes</c>, <c>Epochs</c>).</param>
/// <param name="create">Makes the estimator from the context and options (a catalog call).</param>
public abstract class DataAlgorithm<TOptions, TModel>(string name, string summary, string defaultPreset, string budgetSetting,
    Func<MLContext, TOptions, IEstimator<TModel>> create) : CliAlgorithm
    where TOptions : TrainerOptions, new()
    where TModel : class, ITransformer
{
    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Summary => summary;

    /// <inheritdoc />
    public override string DefaultPreset => defaultPreset;

    /// <inheritdoc />
    public override Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public override string BudgetSetting => budgetSetting;

    /// <inheritdoc />
    public override string EnvironmentKind => "data set";

    /// <summary>What the trainer needs of a data set.</summary>
    public abstract DataSetTask Task { get; }

    /// <summary>Null: the options take data, not a data set's name (presets name it).</summary>
    /// <param name="options">The options.</param>
    /// <returns>Null.</returns>
    public override string? EnvironmentOf(TrainerOptions options) => null;

    /// <inheritdoc />
    public override void UseEnvironment(TrainerOptions options, string environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        DataSets.Get(environment, Task);   // an unknown name is refused here, with the known ones
        Prepare((TOptions)options);
    }

    /// <inheritdoc />
    public override TrainedModel Train(MLContext ml, TrainerOptions options, string environment)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var typed = (TOptions)options;
        var (train, validation) = TrainingData(ml, environment);
        UseValidationData(typed, validation);
        var model = create(ml, typed).Fit(train);
        return new TrainedModel(model, train.Schema, HistoryOf(model));
    }

    /// <inheritdoc />
    public sealed override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed) =>
        Evaluate(ml, model, environment, episodes, seed, trainedWith: null);

    /// <inheritdoc />
    public sealed override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed, TrainerOptions? trainedWith)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return EvaluateModel(ml, Typed(model), environment, episodes, seed, Trained(trainedWith, environment));
    }

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed) =>
        Render(ml, model, environment, directory, episodes, seed, trainedWith: null);

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed, TrainerOptions? trainedWith)
    {
        ArgumentNullException.ThrowIfNull(ml);
        Directory.CreateDirectory(directory);
        return RenderModel(ml, Typed(model), environment, directory, Math.Max(1, episodes), seed, Trained(trainedWith, environment));
    }

    /// <summary>Sets what the data set decides in the options (the column names), before the run's config is written.</summary>
    /// <param name="options">The options.</param>
    protected virtual void Prepare(TOptions options)
    {
    }

    /// <summary>The rows to fit on and the rows that validate (null for none).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="dataSet">The data set.</param>
    /// <returns>The training and validation views.</returns>
    protected abstract (IDataView Train, IDataView? Validation) TrainingData(MLContext ml, string dataSet);

    /// <summary>Puts the validation rows into the options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="validation">The rows, or null.</param>
    protected abstract void UseValidationData(TOptions options, IDataView? validation);

    /// <summary>The model's training history.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its history, or null.</returns>
    protected abstract TrainingHistory? HistoryOf(TModel model);

    /// <summary>Evaluates the model on the data set's held-out part.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="dataSet">The data set.</param>
    /// <param name="episodes">Test episodes, where the evaluation has episodes.</param>
    /// <param name="seed">The seed of the test episodes.</param>
    /// <param name="trained">The options it was trained with (or the data set's preset's, for a bare zip).</param>
    /// <returns>The summary.</returns>
    protected abstract EvaluationSummary EvaluateModel(MLContext ml, TModel model, string dataSet, int episodes, int seed, TOptions trained);

    /// <summary>Draws the model's work on held-out data into <paramref name="directory"/>.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">The model.</param>
    /// <param name="dataSet">The data set.</param>
    /// <param name="directory">Where to write (exists).</param>
    /// <param name="pictures">How many pictures (episodes or test images), at least 1.</param>
    /// <param name="seed">The seed of what is drawn.</param>
    /// <param name="trained">The options it was trained with.</param>
    /// <returns>The files written.</returns>
    protected abstract IReadOnlyList<string> RenderModel(MLContext ml, TModel model, string dataSet, string directory, int pictures, int seed, TOptions trained);

    private TModel Typed(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model as TModel
            ?? throw new ArgumentException($"The model is a {model.GetType().Name}; {Name} makes a {typeof(TModel).Name}.", nameof(model));
    }

    // A bare zip carries no options: those of the data set's preset (or the defaults) stand in for them.
    private TOptions Trained(TrainerOptions? trainedWith, string dataSet)
    {
        if (trainedWith is not null)
            return trainedWith as TOptions ?? throw new ArgumentException($"{Name} trains with {typeof(TOptions).Name}, not {trainedWith.GetType().Name}.", nameof(trainedWith));
        var options = new TOptions();
        TrainerPresets.All.FirstOrDefault(p => string.Equals(p.Algorithm, Name, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Environment, dataSet, StringComparison.OrdinalIgnoreCase))?.ApplyTo(options);
        return options;
    }
}
