using Microsoft.ML;
using Synaptic.ML.Tests.Trainers.FewShot;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract for the prototypical network on the digits (a small ANN backbone, a few episodes).</summary>
[TestClass]
public sealed class PrototypicalNetworkContractTests : TrainerContractTests<PrototypicalNetworkTrainer.Options, ImageFeaturizerTransformer>
{
    protected override PrototypicalNetworkTrainer.Options SmallOptions(int seed) => new()
    {
        Backbone = new ConvBackboneOptions { Padding = 2 },
        Episodes = 6,
        Shots = 2,
        Queries = 3,
        Seed = seed,
        ValidationData = DigitsFewShot.View(new MLContext(seed: 0), DigitsFewShot.HeldOutClasses),
        ValidationInterval = 3,
        ValidationEpisodes = 2,
    };

    protected override IEstimator<ImageFeaturizerTransformer> Create(MLContext ml, PrototypicalNetworkTrainer.Options options) =>
        ml.Synaptic().Trainers.PrototypicalNetwork(options);

    protected override IDataView TrainingData(MLContext ml) => DigitsFewShot.View(ml, DigitsFewShot.TrainClasses);

    protected override IDataView ScoringData(MLContext ml) => DigitsFewShot.View(ml, [1, 3]);

    protected override float[] Parameters(ImageFeaturizerTransformer model) =>
        model.Embedder.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    protected override TrainingHistory? History(ImageFeaturizerTransformer model) => model.TrainingHistory;

    protected override (Action<PrototypicalNetworkTrainer.Options> Break, string Name) InvalidOption => (o => o.Ways = 1, "Ways");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(new[] { new Pixels { Values = new float[64], Label = 1 } }), "'Image'");

    protected override (PrototypicalNetworkTrainer.Options Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        var digits = DigitsFewShot.Subset(DigitsFewShot.TrainClasses);
        var rows = Enumerable.Range(0, digits.Count).Select(i => new Row { Image = digits.Image(i).ToArray(), Label = digits.Labels[i] }).ToArray();
        rows[5].Image[3] = float.NaN;
        return (SmallOptions(1), ml.Data.LoadFromEnumerable(rows), "Row 5");
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(64)]
        public float[] Image { get; set; } = [];

        public int Label { get; set; }
    }

    private sealed class Pixels
    {
        [Microsoft.ML.Data.VectorType(64)]
        public float[] Values { get; set; } = [];

        public int Label { get; set; }
    }
}
