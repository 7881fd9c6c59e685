using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trained multiclass spiking classifier with ML.NET's multiclass output contract: <c>Score</c>, a vector with
/// one probability per class (the softmax of the network's readout, in the label key's order), and
/// <c>PredictedLabel</c>, a key of the label's type whose key values are the training label's (the first class of
/// largest readout on ties). It works with <c>MulticlassClassification.Evaluate</c>, <c>MapKeyToValue</c>,
/// <c>PredictionEngine</c> and <c>mlContext.Model.Save/Load</c>.
/// </summary>
public sealed class SpikingMulticlassTransformer : SpikingClassifierTransformer, ISynapticModel<SpikingMulticlassTransformer>
{
    internal SpikingMulticlassTransformer(IHostEnvironment env, string featureColumnName, string scoreColumnName, string predictedLabelColumnName,
        SpikingClassifierScorer scorer, ClassKeyValues classes, TrainingHistory? history)
        : base(env, nameof(SpikingMulticlassTransformer), featureColumnName, scorer, classes, history)
    {
        ScoreColumnName = scoreColumnName;
        PredictedLabelColumnName = predictedLabelColumnName;
    }

    /// <summary>The appended score column. Default "Score".</summary>
    public string ScoreColumnName { get; }

    /// <summary>The appended predicted-label column. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; }

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNSPKMCL", 0x00010001, 0x00010001, "SynapticSnnMulticlass");

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns()
    {
        var annotations = new DataViewSchema.Annotations.Builder();
        Classes.AddTo(annotations);
        return
        [
            new(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, Classes.Count)),
            new(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), Classes.Count), annotations.ToAnnotations()),
        ];
    }

    private protected override Delegate?[] OutputGetters(Func<float[]> readout, bool[] active)
    {
        var scores = new float[Classes.Count];
        return
        [
            active[0] ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                Softmax(readout(), scores);
                Copy(scores, ref value);
            }) : null,
            active[1] ? (ValueGetter<uint>)((ref uint value) => value = (uint)SpikingClassifierLearner.ArgMax(readout()) + 1) : null,
        ];
    }

    /// <summary>softmax(x) in float, shifted by the maximum.</summary>
    internal static void Softmax(ReadOnlySpan<float> x, Span<float> p)
    {
        var max = x[SpikingClassifierLearner.ArgMax(x)];
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
            sum += p[i] = MathF.Exp(x[i] - max);
        for (var i = 0; i < x.Length; i++)
            p[i] = (float)(p[i] / sum);
    }

    private protected override void WriteColumns(BinaryWriter writer)
    {
        writer.Write(ScoreColumnName);
        writer.Write(PredictedLabelColumnName);
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer) => Save(writer);

    /// <inheritdoc/>
    public static SpikingMulticlassTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        var (input, columns, scorer, classes, history) = Load(reader, r => (Score: r.ReadString(), Predicted: r.ReadString()));
        return reader.Create(() => new SpikingMulticlassTransformer(env, input, columns.Score, columns.Predicted, scorer, classes, history));
    }
}
