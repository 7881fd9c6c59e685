namespace Synaptic.ML.Trainers;

/// <summary>Names of the columns a <see cref="PrototypeClassifierTransformer"/> appends (ML.NET's multiclass names by default).</summary>
public sealed record PrototypeColumnNames
{
    /// <summary>The image's embedding. Default "Embedding".</summary>
    public string Embedding { get; init; } = "Embedding";

    /// <summary>Softmax over the negative squared distances to the prototypes, one per support class. Default "Score".</summary>
    public string Score { get; init; } = "Score";

    /// <summary>The nearest prototype's class, a key whose values are the support's class names. Default "PredictedLabel".</summary>
    public string PredictedLabel { get; init; } = "PredictedLabel";

    internal void Validate()
    {
        string[] names = [Embedding, Score, PredictedLabel];
        if (names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new ArgumentException($"The classifier's column names must be non-empty and different: {string.Join(", ", names)}.");
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Embedding);
        writer.Write(Score);
        writer.Write(PredictedLabel);
    }

    internal static PrototypeColumnNames Read(BinaryReader reader) =>
        new() { Embedding = reader.ReadString(), Score = reader.ReadString(), PredictedLabel = reader.ReadString() };
}
