using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The layer of trainers that learn from episodes of labelled data (prototypical networks, MAML): one iteration
/// per training episode, the training loss and query accuracy recorded per episode, and validation on other
/// classes (every <see cref="EpisodicTrainerOptions.ValidationInterval"/> episodes and after the last) that keeps
/// the best model, returns it, and saves it in the checkpoint directory.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
public abstract class EpisodicTrainer<TOptions, TModel> : TrainerBase<TOptions, TModel>, ITrainingSubject
    where TOptions : EpisodicTrainerOptions
    where TModel : class, ITransformer
{
    private protected EpisodicTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    /// <summary>The training images (read by <c>Fit</c> before training).</summary>
    private protected LabeledImages? TrainingImages { get; private set; }

    /// <summary>The validation images, or null without validation data.</summary>
    private protected LabeledImages? ValidationImages { get; private set; }

    /// <summary>Whether validation data was given (known once <c>Fit</c> checked its input).</summary>
    private protected bool HasValidation => ValidationImages is not null;

    /// <summary>The output schema: the input plus the embedding column.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        ImageFeaturizerEstimator.OutputSchema(inputSchema, TrainerOptions.ImageColumnName, TrainerOptions.EmbeddingColumnName, Name);

    /// <summary>Reads the training (and validation) images; refuses missing columns and mismatched sizes.</summary>
    private protected override void CheckInput(IDataView input)
    {
        var options = TrainerOptions;
        var train = LabeledImages.FromDataView(input, options.ImageColumnName, options.LabelColumnName);
        var validation = options.ValidationData is { } v ? LabeledImages.FromDataView(v, options.ImageColumnName, options.LabelColumnName) : null;
        if (validation is not null && (validation.Height != train.Height || validation.Width != train.Width))
            throw new ArgumentException($"The validation images are {validation.Height}×{validation.Width}; the training images are {train.Height}×{train.Width}.");
        TrainingImages = train;
        ValidationImages = validation;
    }

    /// <summary>A sampler of episodes over the classes of <paramref name="images"/> that have at least one image (a view of some classes keeps the whole label key).</summary>
    private protected static FewShotEpisodeSampler EpisodeSampler(LabeledImages images, ulong seed) =>
        new(images, Enumerable.Range(0, images.ClassCount).Where(c => images.ExamplesOf(c).Count > 0), seed);

    /// <summary>The validation episodes' sampler: the same episodes at every validation, drawn from a stream apart from training's.</summary>
    private protected FewShotEpisodeSampler? ValidationSampler(ulong seed) =>
        ValidationImages is null ? null : EpisodeSampler(ValidationImages, seed ^ 0x5A11DA7E);

    /// <summary>The file name of the best model in the checkpoint directory.</summary>
    private protected abstract string BestModelFileName { get; }

    /// <summary>Mean query accuracy over the validation episodes, with a description for the log.</summary>
    private protected abstract (double Accuracy, string Description) Validate(TrainingRun run);

    /// <summary>The weights of the model being trained, as bytes.</summary>
    private protected abstract byte[] SnapshotWeights();

    /// <summary>Puts back weights from <see cref="SnapshotWeights"/>.</summary>
    private protected abstract void RestoreWeights(byte[] snapshot);

    /// <summary>Saves the model as it is now.</summary>
    private protected abstract void SaveModel(string path, TrainingHistory history);

    private protected override (string Key, MetricRowKind Rows) Headline => (MetricKeys.Accuracy, MetricRowKind.Iteration);

    private protected override IEnumerable<TrainingCallback> CreateCallbacks(ITrainingSubject subject)
    {
        if (!HasValidation)
            yield break;
        yield return new EvaluationCallback(subject, TrainerOptions.ValidationInterval, atEnd: true);
        yield return new KeepBestCallback(subject, returnBest: true, TrainerOptions.CheckpointDirectory);
    }

    /// <summary>Ends training episode <paramref name="episode"/> (from 0): records its loss and accuracy and runs the callbacks.</summary>
    /// <returns>False when a callback asked to stop.</returns>
    private protected bool EndEpisode(TrainingRun run, int episode, double loss, double accuracy)
    {
        run.Iteration = episode + 1;
        run.Steps = episode + 1;
        run.IsLastIteration = episode + 1 == TrainerOptions.Episodes;
        run.Record(MetricKeys.Loss, loss);
        run.Record(MetricKeys.Accuracy, accuracy);
        return EndIteration(run);
    }

    string ITrainingSubject.EvaluationKey => MetricKeys.EvaluationAccuracy;

    string ITrainingSubject.BestModelFileName => BestModelFileName;

    (double Score, string Description) ITrainingSubject.Evaluate(TrainingRun run) => Validate(run);

    byte[] ITrainingSubject.SnapshotWeights() => SnapshotWeights();

    void ITrainingSubject.RestoreWeights(byte[] snapshot) => RestoreWeights(snapshot);

    void ITrainingSubject.SaveModel(string path, TrainingHistory history) => SaveModel(path, history);
}
