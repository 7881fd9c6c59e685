using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options of trainers that learn from labelled rows (the spiking classifiers): the columns, epochs of shuffled
/// minibatches, the learning rate and its schedule, and a validation set that is scored after every epoch, keeps the
/// best epoch's model and can stop training early.
/// </summary>
public abstract class SupervisedTrainerOptions : TrainerOptions
{
    /// <summary>Creates the options; supervised trainers use one TorchSharp thread by default.</summary>
    private protected SupervisedTrainerOptions()
    {
        // One thread: the fastest for small networks on a shared machine (libtorch's threads spin while they wait) and
        // bit-reproducible; set TorchThreads for large networks (snnTorch's 784-1000-10 network gains from two).
        TorchThreads = 1;
    }

    /// <summary>The feature column: a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The label column: a key (multiclass) or Boolean (binary), as ML.NET's trainers take it. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Passes over the training rows. Default 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Rows per minibatch (the last of an epoch may be smaller). Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam's learning rate at the start. Default 5e-4 (snnTorch's tutorials).</summary>
    public double LearningRate { get; set; } = 5e-4;

    /// <summary>How the learning rate changes over the minibatches of all epochs. Default <see cref="Schedule.Constant"/>.</summary>
    public Schedule LearningRateSchedule { get; set; } = Schedule.Constant;

    /// <summary>Whether the rows are visited in a new seeded random order each epoch (otherwise in data order). Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Labelled rows scored (accuracy) after every epoch; null for none.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>With validation data: return the model of the epoch with the best validation accuracy rather than the last. Default true.</summary>
    public bool ReturnBestEpoch { get; set; } = true;

    /// <summary>With validation data: stop after this many epochs in a row without a better validation accuracy; 0 never stops early. Default 0.</summary>
    public int EarlyStoppingPatience { get; set; }

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.NotEmpty(FeatureColumnName, nameof(FeatureColumnName));
        OptionChecks.NotEmpty(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.Positive(Epochs, nameof(Epochs));
        OptionChecks.Positive(BatchSize, nameof(BatchSize));
        OptionChecks.PositiveFinite(LearningRate, nameof(LearningRate));
        OptionChecks.NotNull(LearningRateSchedule, nameof(LearningRateSchedule));
        OptionChecks.NotNegative(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        OptionChecks.Requires(EarlyStoppingPatience == 0 || ValidationData is not null,
            $"{nameof(EarlyStoppingPatience)} is {EarlyStoppingPatience}, but early stopping needs {nameof(ValidationData)}.");
    }
}
