using Microsoft.ML;
using Synaptic.ML.Tests.Trainers.FewShot;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>The trainer contract's data for the episodic trainers (prototypical network, MAML): the digits' even classes to train, bad views to refuse.</summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
public abstract class EpisodicContractTests<TOptions, TModel> : TrainerContractTests<TOptions, TModel>
    where TOptions : EpisodicTrainerOptions
    where TModel : class, ITransformer
{
    protected override IDataView TrainingData(MLContext ml) => DigitsFewShot.View(ml, DigitsFewShot.TrainClasses);

    protected override IDataView ScoringData(MLContext ml) => DigitsFewShot.View(ml, [1, 3]);

    protected override (Action<TOptions> Break, string Name) InvalidOption => (o => o.Ways = 1, "Ways");

    protected override (IDataView Data, string Named) MismatchedData(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(new[] { new Pixels { Values = new float[64], Label = 1 } }), "'Image'");

    protected override (TOptions Options, IDataView Data, string Named) NaNInput(MLContext ml)
    {
        var digits = DigitsFewShot.Subset(DigitsFewShot.TrainClasses);
        var rows = Enumerable.Range(0, digits.Count).Select(i => new Row { Image = digits.Image(i).ToArray(), Label = digits.Labels[i] }).ToArray();
        rows[5].Image[3] = float.NaN;
        return (SmallOptions(1), ml.Data.LoadFromEnumerable(rows), "Row 5");
    }

    /// <summary>The digits of the held-out classes, to validate on.</summary>
    protected static IDataView ValidationDigits() => DigitsFewShot.View(new MLContext(seed: 0), DigitsFewShot.HeldOutClasses);

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
