using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Tests.Trainers.Supervised;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for the multiclass spiking classifier on the digits (three epochs of a small network, with validation).</summary>
[TestClass]
public sealed class SpikingClassifierContractTests : TrainerContractTests<SpikingClassifierOptions, SpikingMulticlassTransformer>
{
    protected override SpikingClassifierOptions SmallOptions(int seed)
    {
        var options = DigitsClassification.Options(epochs: 3);
        options.Network = new SpikingClassifierNetworkOptions { HiddenSizes = [32], TimeSteps = 5 };
        options.Seed = seed;
        options.ValidationData = DigitsClassification.Test.ToDataView(new MLContext(seed: 0));
        return options;
    }

    protected override IEstimator<SpikingMulticlassTransformer> Create(MLContext ml, SpikingClassifierOptions options) =>
        ml.Synaptic().Trainers.SpikingMulticlass(options);

    protected override IDataView TrainingData(MLContext ml) => DigitsClassification.Train.ToDataView(ml);

    protected override IDataView ScoringData(MLContext ml) => DigitsClassification.Test.ToDataView(ml);

    protected override float[] Parameters(SpikingMulticlassTransformer model) =>
        model.Scorer.Network.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(SpikingMulticlassTransformer model) => model.TrainingHistory;

    protected override (Action<SpikingClassifierOptions> Break, string Name) InvalidOption => (o => o.Epochs = 0, "Epochs");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(new[] { new Pixels { Values = new float[64] } }), "'Image'");

    protected override (SpikingClassifierOptions Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        var digits = DigitsClassification.Train;
        var view = digits.ToDataView(ml);
        var labels = view.GetColumn<uint>(LabeledImages.Columns.Label).ToArray();
        var rows = Enumerable.Range(0, digits.Count).Select(i => new Row { Image = digits.Image(i).ToArray(), Label = labels[i] }).ToArray();
        rows[5].Image[3] = float.NaN;
        var data = ml.Data.LoadFromEnumerable(rows);
        var keyed = ml.Transforms.Conversion.MapValueToKey(LabeledImages.Columns.Label).Fit(data).Transform(data);
        return (SmallOptions(1), keyed, "row 5");
    }

    private sealed class Row
    {
        [VectorType(64)]
        public float[] Image { get; set; } = [];

        public uint Label { get; set; }
    }

    private sealed class Pixels
    {
        [VectorType(64)]
        public float[] Values { get; set; } = [];
    }
}
