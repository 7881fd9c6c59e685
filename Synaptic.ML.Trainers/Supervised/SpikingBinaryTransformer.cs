using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trained binary spiking classifier (two output neurons, false and true) with ML.NET's binary output contract:
/// <c>Score</c>, the margin r₁ − r₀ of the readouts of the true and false neurons; <c>Probability</c> = σ(r₁ − r₀),
/// which is the network's own softmax probability of true — the quantity its cross-entropy loss was trained on, not
/// recalibrated afterwards (Platt scaling is one <c>BinaryClassification.Calibrators.Platt()</c> away); and
/// <c>PredictedLabel</c> = r₁ &gt; r₀ (false on ties). It works with <c>BinaryClassification.Evaluate</c>,
/// <c>PredictionEngine</c> and <c>mlContext.Model.Save/Load</c>.
/// </summary>
public sealed class SpikingBinaryTransformer : SpikingClassifierTransformer, ISynapticModel<SpikingBinaryTransformer>
{
    internal SpikingBinaryTransformer(IHostEnvironment env, string featureColumnName, (string Score, string Probability, string PredictedLabel) columns,
        SpikingClassifierScorer scorer, TrainingHistory? history)
        : base(env, nameof(SpikingBinaryTransformer), featureColumnName, scorer, ClassKeyValues.Binary, history)
    {
        ScoreColumnName = columns.Score;
        ProbabilityColumnName = columns.Probability;
        PredictedLabelColumnName = columns.PredictedLabel;
    }

    /// <summary>The appended score column. Default "Score".</summary>
    public string ScoreColumnName { get; }

    /// <summary>The appended probability column. Default "Probability".</summary>
    public string ProbabilityColumnName { get; }

    /// <summary>The appended predicted-label column. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; }

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNSPKBIN", 0x00010001, 0x00010001, "SynapticSnnBinary");

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns() =>
    [
        new(ScoreColumnName, NumberDataViewType.Single),
        new(ProbabilityColumnName, NumberDataViewType.Single),
        new(PredictedLabelColumnName, BooleanDataViewType.Instance),
    ];

    private protected override Delegate?[] OutputGetters(Func<float[]> readout, bool[] active)
    {
        float Margin()
        {
            var r = readout();
            return r[1] - r[0];
        }
        return
        [
            active[0] ? (ValueGetter<float>)((ref float value) => value = Margin()) : null,
            active[1] ? (ValueGetter<float>)((ref float value) => value = 1f / (1f + MathF.Exp(-Margin()))) : null,
            active[2] ? (ValueGetter<bool>)((ref bool value) => value = Margin() > 0) : null,
        ];
    }

    private protected override void WriteColumns(BinaryWriter writer)
    {
        writer.Write(ScoreColumnName);
        writer.Write(ProbabilityColumnName);
        writer.Write(PredictedLabelColumnName);
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer) => Save(writer);

    /// <inheritdoc/>
    public static SpikingBinaryTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (input, columns, scorer, classes, history) = Load(reader, r => (Score: r.ReadString(), Probability: r.ReadString(), PredictedLabel: r.ReadString()));
        if (classes.Count != 2)
            throw reader.Corrupt($"a binary classifier has {classes.Count} classes");
        return reader.Create(() => new SpikingBinaryTransformer(env, input, columns, scorer, history));
    }
}
