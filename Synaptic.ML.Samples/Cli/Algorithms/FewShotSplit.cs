using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A data set as few-shot learning uses it: classes split into meta-train, validation and test (<see cref="Classes"/>);
/// training and validation episodes come from <see cref="Training"/>, test episodes from <see cref="Test"/> (the same
/// images where the data set has no separate test file).
/// </summary>
/// <param name="Training">The images meta-training and validation draw from.</param>
/// <param name="Test">The images test episodes draw from.</param>
/// <param name="Classes">Which classes belong to which part.</param>
public sealed record FewShotSplit(LabeledImages Training, LabeledImages Test, ClassSplit Classes)
{
    /// <summary>The meta-training classes' images as a data view (<c>Image</c>, <c>Label</c>).</summary>
    /// <param name="ml">The context.</param>
    /// <returns>The view.</returns>
    public IDataView MetaTrainView(MLContext ml) => Training.OfClasses(Classes.MetaTrain).ToDataView(ml);

    /// <summary>The validation classes' images as a data view, or null when the split has none.</summary>
    /// <param name="ml">The context.</param>
    /// <returns>The view, or null.</returns>
    public IDataView? ValidationView(MLContext ml) => Classes.Validation.Count == 0 ? null : Training.OfClasses(Classes.Validation).ToDataView(ml);
}
