namespace Synaptic.ML.Data;

/// <summary>The three disjoint parts of a <see cref="ClassSplit"/>, as in few-shot learning's meta-train / validation / test.</summary>
public enum SplitPart
{
    /// <summary>The classes a few-shot learner is meta-trained on.</summary>
    MetaTrain,

    /// <summary>The classes used to choose hyper-parameters and when to stop.</summary>
    Validation,

    /// <summary>The classes held out for the final evaluation.</summary>
    Test,
}
