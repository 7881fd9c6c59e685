namespace Synaptic.ML.Trainers;

/// <summary>The names of the columns a spiking classifier appends: ML.NET's standard ones, which its evaluators read by default.</summary>
public static class ClassifierColumnNames
{
    /// <summary>"Score": the class probabilities (multiclass) or the margin (binary).</summary>
    public const string Score = "Score";

    /// <summary>"Probability": the probability of true (binary).</summary>
    public const string Probability = "Probability";

    /// <summary>"PredictedLabel": the predicted class (a key for multiclass, a Boolean for binary).</summary>
    public const string PredictedLabel = "PredictedLabel";
}
