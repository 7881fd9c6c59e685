using Microsoft.ML;
using Microsoft.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The layer of trainers that learn from labelled rows: it reads the training (and validation) rows with ML.NET's
/// label rules, runs epochs of shuffled minibatches, records the training loss and accuracy per epoch, and builds
/// the shared callbacks — validation accuracy after every epoch, keep-best, early stopping, progress. One iteration
/// is one epoch; the steps are the rows seen.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
public abstract class SupervisedTrainer<TOptions, TModel> : TrainerBase<TOptions, TModel>, ITrainingSubject
    where TOptions : SupervisedTrainerOptions
    where TModel : class, ITransformer
{
    private ClassificationRows? _train;
    private ClassificationRows? _validation;
    private ISupervisedLearner? _learner;

    private protected SupervisedTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    /// <summary>Whether the label is Boolean (binary) rather than a key (multiclass).</summary>
    private protected abstract bool IsBinary { get; }

    /// <summary>The file name of the best model in the checkpoint directory.</summary>
    private protected abstract string BestModelFileName { get; }

    /// <summary>Builds the model to train for <paramref name="rows"/>, drawing its weights from <paramref name="seed"/>.</summary>
    private protected abstract ISupervisedLearner CreateLearner(ClassificationRows rows, int seed);

    /// <summary>The transformer of the trained (or best) model.</summary>
    private protected abstract TModel CreateModel(ISupervisedLearner learner, ClassificationRows rows, TrainingHistory history);

    private protected override (string Key, MetricRowKind Rows) Headline => (MetricKeys.Accuracy, MetricRowKind.Iteration);

    /// <summary>Reads the training and validation rows; refuses missing or mistyped columns, non-finite features and missing labels.</summary>
    private protected override void CheckInput(IDataView input)
    {
        var options = TrainerOptions;
        var train = ClassificationRows.Read(input, options.FeatureColumnName, options.LabelColumnName, IsBinary, Name);
        if (train.Count == 0)
            throw new ArgumentException($"{Name}: the training data has no rows.", nameof(input));
        var classes = train.Labels.Distinct().Count();
        if (classes < 2)
            throw new ArgumentException($"{Name}: the training data has rows of {classes} class{(classes == 1 ? $" ('{train.Classes.Names[train.Labels[0]]}')" : "es")}; a classifier needs at least 2.", nameof(input));
        ClassificationRows? validation = null;
        if (options.ValidationData is { } v)
        {
            validation = ClassificationRows.Read(v, options.FeatureColumnName, options.LabelColumnName, IsBinary, Name, "validation data");
            if (validation.FeatureSize != train.FeatureSize || validation.ClassCount != train.ClassCount)
                throw new ArgumentException(
                    $"{Name}: the validation data has {validation.FeatureSize} features and {validation.ClassCount} classes; the training data {train.FeatureSize} and {train.ClassCount}.");
        }
        _train = train;
        _validation = validation;
    }

    private protected override IEnumerable<TrainingCallback> CreateCallbacks(ITrainingSubject subject)
    {
        if (_validation is null)
            yield break;
        yield return new EvaluationCallback(subject, interval: 1, atEnd: true);
        yield return new KeepBestCallback(subject, TrainerOptions.ReturnBestEpoch, TrainerOptions.CheckpointDirectory);
        if (TrainerOptions.EarlyStoppingPatience > 0)
            yield return new EarlyStoppingCallback(TrainerOptions.EarlyStoppingPatience);
    }

    private protected override TModel Train(int seed)
    {
        var options = TrainerOptions;
        var rows = _train!;
        using var learner = CreateLearner(rows, seed);
        _learner = learner;
        var history = new TrainingHistory();
        var batchesPerEpoch = (rows.Count + options.BatchSize - 1) / options.BatchSize;
        var totalBatches = (long)batchesPerEpoch * options.Epochs;
        var run = BeginRun(this, seed, (long)rows.Count * options.Epochs, "rows", history, resumeFrom: null,
            $"{learner.Description}: {options.Epochs} epoch(s) of {rows.Count:N0} rows in batches of {options.BatchSize}, {rows.ClassCount} classes");
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var random = new Random(seed);
        var batch = new int[options.BatchSize];
        // A spiking network's layers: their firing over each epoch's minibatches is recorded with the epoch's metrics.
        using var spikes = SpikeMonitor.For(learner.Network);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.Shuffle)
                random.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            // Only the minibatches: the validation after the epoch runs the same network.
            using (spikes?.Watch())
            {
                for (var b = 0; b < batchesPerEpoch; b++)
                {
                    run.ThrowIfCancelled();
                    var start = b * options.BatchSize;
                    var count = Math.Min(options.BatchSize, rows.Count - start);
                    order.AsSpan(start, count).CopyTo(batch);
                    var done = (long)epoch * batchesPerEpoch + b;
                    var learningRate = options.LearningRateSchedule.At(options.LearningRate, new SchedulePoint((double)done / totalBatches, done));
                    var (loss, right) = learner.TrainBatch(rows, batch.AsSpan(0, count), learningRate);
                    if (!double.IsFinite(loss))
                        throw new InvalidOperationException($"{Name}: the loss of epoch {epoch + 1}, minibatch {b + 1} is {loss}; lower the learning rate.");
                    lossSum += loss * count;
                    correct += right;
                    run.Steps += count;
                }
            }
            run.Iteration = epoch + 1;
            run.IsLastIteration = epoch + 1 == options.Epochs;
            run.Record(MetricKeys.Loss, lossSum / rows.Count);
            run.Record(MetricKeys.Accuracy, (double)correct / rows.Count);
            spikes?.Record(run);
            if (!EndIteration(run))
                break;
        }
        EndRun(run);
        _learner = null;
        return CreateModel(learner, rows, history);
    }

    string ITrainingSubject.EvaluationKey => MetricKeys.EvaluationAccuracy;

    string ITrainingSubject.BestModelFileName => BestModelFileName;

    (double Score, string Description) ITrainingSubject.Evaluate(TrainingRun run)
    {
        var validation = _validation!;
        var predicted = _learner!.Predict(validation);
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++)
            correct += predicted[i] == validation.Labels[i] ? 1 : 0;
        var accuracy = (double)correct / validation.Count;
        return (accuracy, $"validation accuracy {accuracy:P2} ({correct:N0} of {validation.Count:N0} rows)");
    }

    byte[] ITrainingSubject.SnapshotWeights() => _learner!.SnapshotWeights();

    void ITrainingSubject.RestoreWeights(byte[] snapshot) => _learner!.RestoreWeights(snapshot);

    void ITrainingSubject.SaveModel(string path, TrainingHistory history)
    {
        // The model shares the network being trained; it is saved at once and dropped.
        var rows = _train!;
        var model = CreateModel(_learner!, rows, history);
        var schema = new DataViewSchema.Builder();
        var dimensions = rows.Height > 1 ? new[] { rows.Height, rows.Width } : [rows.FeatureSize];
        schema.AddColumn(TrainerOptions.FeatureColumnName, new VectorDataViewType(NumberDataViewType.Single, dimensions));
        Context.Model.Save(model, schema.ToSchema(), path);
    }
}

/// <summary>The model a <see cref="SupervisedTrainer{TOptions, TModel}"/> trains: minibatch steps, predictions, weight snapshots.</summary>
internal interface ISupervisedLearner : IDisposable
{
    /// <summary>One line for the log.</summary>
    string Description { get; }

    /// <summary>The network being trained (a spiking one has its firing recorded, see <see cref="SpikeMonitor"/>).</summary>
    TorchSharp.torch.nn.Module Network { get; }

    /// <summary>One optimiser step on the rows <paramref name="batch"/> of <paramref name="rows"/>.</summary>
    /// <returns>The minibatch's mean loss and how many of its rows the model (before the step) classified right.</returns>
    (double Loss, int Correct) TrainBatch(ClassificationRows rows, ReadOnlySpan<int> batch, double learningRate);

    /// <summary>The predicted class of every row (the model as scoring sees it).</summary>
    int[] Predict(ClassificationRows rows);

    byte[] SnapshotWeights();

    void RestoreWeights(byte[] snapshot);
}
