using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options of trainers that learn from N-way K-shot episodes of labelled data (prototypical networks, MAML):
/// the episode shape, the number of training episodes, the learning rate, and validation episodes on other
/// classes that keep the best model.
/// </summary>
public abstract class EpisodicTrainerOptions : TrainerOptions
{
    /// <summary>The image column: a float vector of Height × Width pixels in [0, 1] (dimensions [H, W], or square). Default "Image".</summary>
    public string ImageColumnName { get; set; } = LabeledImages.Columns.Image;

    /// <summary>The class column (a key with class names, an integer or text). Default "Label".</summary>
    public string LabelColumnName { get; set; } = LabeledImages.Columns.Label;

    /// <summary>Name of the embedding column the trained model appends. Default "Embedding".</summary>
    public string EmbeddingColumnName { get; set; } = "Embedding";

    /// <summary>N, classes per training episode. Default 5.</summary>
    public int Ways { get; set; } = 5;

    /// <summary>K, support examples per class. Default 5.</summary>
    public int Shots { get; set; } = 5;

    /// <summary>Q, query examples per class. Default 15.</summary>
    public int Queries { get; set; } = 15;

    /// <summary>Training episodes. Default 2,000.</summary>
    public int Episodes { get; set; } = 2_000;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Data of the validation classes (other classes than the training data's), or null for no validation.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Validate every this many episodes (and after the last). Default 100.</summary>
    public int ValidationInterval { get; set; } = 100;

    /// <summary>Episodes per validation (the same ones every time), with the training N, K and Q. Default 100.</summary>
    public int ValidationEpisodes { get; set; } = 100;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.NotEmpty(ImageColumnName, nameof(ImageColumnName));
        OptionChecks.NotEmpty(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.NotEmpty(EmbeddingColumnName, nameof(EmbeddingColumnName));
        if (Ways < 2)
            throw new ArgumentOutOfRangeException(nameof(Ways), Ways, $"{nameof(Ways)} must be at least 2 (episodes need two classes); it is {Ways}.");
        OptionChecks.Positive(Shots, nameof(Shots));
        OptionChecks.Positive(Queries, nameof(Queries));
        OptionChecks.Positive(Episodes, nameof(Episodes));
        OptionChecks.Positive(ValidationInterval, nameof(ValidationInterval));
        OptionChecks.Positive(ValidationEpisodes, nameof(ValidationEpisodes));
        OptionChecks.PositiveFinite(LearningRate, nameof(LearningRate));
    }
}
