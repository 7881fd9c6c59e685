namespace Synaptic.ML.Samples.Cli;

/// <summary>What a data trainer does with a data set: which of its splits it needs.</summary>
public enum DataSetTask
{
    /// <summary>Episodes of held-out classes (<see cref="FewShotSplit"/>): prototypical networks, MAML.</summary>
    FewShot,

    /// <summary>Rows of every class with a train/validation/test split (<see cref="ClassificationSplit"/>).</summary>
    Multiclass,

    /// <summary>Rows of two classes, the second the positive one (<see cref="ClassificationSplit"/> with two classes).</summary>
    Binary,
}
