using Microsoft.ML;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options of trainers that learn from N-way K-shot episodes of labelled data (prototypical networks, MAML):
/// the episode shape, the number of training episodes, the learning rate, and validation episodes on other
/// classes that keep the best model.
/// </summary>
public abstract class EpisodicTrainerOptions : TrainerOptions
{
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
