using Microsoft.ML;

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

    /// <summary>Whether validation data was given (known once <c>Fit</c> checked its input).</summary>
    private protected abstract bool HasValidation { get; }

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
