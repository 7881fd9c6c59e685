using Microsoft.ML;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A data set that <c>--env</c> names for a data trainer: how it loads for each task it serves (null for the tasks it
/// does not serve). <see cref="DataSets"/> lists them.
/// </summary>
/// <param name="Name">The name after <c>--env</c>, e.g. <c>glyphs</c>.</param>
/// <param name="Description">What it is and how it splits, for the docs and error messages.</param>
/// <param name="FewShot">Loads it for few-shot learning, or null.</param>
/// <param name="Multiclass">Loads it for multiclass classification, or null.</param>
/// <param name="Binary">Loads it for binary classification (two classes, the second positive), or null.</param>
public sealed record ImageDataSet(string Name, string Description, Func<MLContext, FewShotSplit>? FewShot = null,
    Func<MLContext, ClassificationSplit>? Multiclass = null, Func<MLContext, ClassificationSplit>? Binary = null)
{
    /// <summary>Whether the data set serves <paramref name="task"/>.</summary>
    /// <param name="task">The task.</param>
    /// <returns>True when it loads for that task.</returns>
    public bool Serves(DataSetTask task) => task switch
    {
        DataSetTask.FewShot => FewShot is not null,
        DataSetTask.Multiclass => Multiclass is not null,
        DataSetTask.Binary => Binary is not null,
        _ => false,
    };
}
