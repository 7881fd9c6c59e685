using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>
/// What every trainer promises, whatever it learns (Stable-Baselines3's tests/test_save_load.py parametrises over
/// every algorithm the same way): the same seed gives the same model and another seed another; the model
/// survives a zip round trip; resuming from a checkpoint equals the uninterrupted run where the trainer supports
/// it; cancellation stops training; invalid options are named when the estimator is made; a schema mismatch
/// and NaN input are named. A trainer's tests join by deriving from this class.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TModel">The trained model.</typeparam>
public abstract class TrainerContractTests<TOptions, TModel> : TempDirectoryTest
    where TOptions : TrainerOptions
    where TModel : class, ITransformer
{
    /// <summary>Options for a small, fast training run with <paramref name="seed"/>.</summary>
    protected abstract TOptions SmallOptions(int seed);

    /// <summary>The estimator, made through <c>mlContext.Synaptic().Trainers</c>.</summary>
    protected abstract IEstimator<TModel> Create(MLContext ml, TOptions options);

    /// <summary>Data to train on.</summary>
    protected abstract IDataView TrainingData(MLContext ml);

    /// <summary>The model's parameters as numbers, compared exactly.</summary>
    protected abstract float[] Parameters(TModel model);

    /// <summary>Rows that the model scores, whose outputs must survive a zip round trip.</summary>
    protected abstract IDataView ScoringData(MLContext ml);

    /// <summary>An invalid option, and the name the message must contain.</summary>
    protected abstract (Action<TOptions> Break, string Name) InvalidOption { get; }

    /// <summary>Training data whose schema does not fit, and what the message must name.</summary>
    protected abstract (IDataView Data, string Named) MismatchedData(MLContext ml);

    /// <summary>Options and data that make training meet a NaN, and what the message must name.</summary>
    protected abstract (TOptions Options, IDataView Data, string Named) NaNInput(MLContext ml);

    /// <summary>Whether the trainer resumes from checkpoints; if so, <see cref="CheckpointEvery"/> and <see cref="ResumeFrom"/> set it up.</summary>
    protected virtual bool SupportsResume => false;

    /// <summary>Writes a checkpoint every <paramref name="iterations"/> iterations into <paramref name="directory"/>.</summary>
    protected virtual void CheckpointEvery(TOptions options, string directory, int iterations) =>
        throw new NotSupportedException($"{typeof(TOptions).Name} has no checkpoints.");

    /// <summary>Resumes from <paramref name="checkpoint"/>.</summary>
    protected virtual void ResumeFrom(TOptions options, string checkpoint) =>
        throw new NotSupportedException($"{typeof(TOptions).Name} has no checkpoints.");

    /// <summary>The model's training history.</summary>
    protected abstract TrainingHistory? History(TModel model);

    [TestMethod]
    public void TheSameSeedGivesTheSameModelAndAnotherSeedAnother()
    {
        var first = Create(new MLContext(seed: 0), SmallOptions(3)).Fit(TrainingData(new MLContext(seed: 0)));
        var second = Create(new MLContext(seed: 0), SmallOptions(3)).Fit(TrainingData(new MLContext(seed: 0)));
        var other = Create(new MLContext(seed: 0), SmallOptions(4)).Fit(TrainingData(new MLContext(seed: 0)));
        CollectionAssert.AreEqual(Parameters(first), Parameters(second), "The same seed trains the same model bit for bit.");
        CollectionAssert.AreNotEqual(Parameters(first), Parameters(other), "Another seed trains another model.");
    }

    [TestMethod]
    public void TheModelRoundTripsThroughAZipWithItsHistory()
    {
        var ml = new MLContext(seed: 0);
        var data = TrainingData(ml);
        var model = Create(ml, SmallOptions(3)).Fit(data);
        var path = Path.Combine(Dir, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = (TModel)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        CollectionAssert.AreEqual(Parameters(model), Parameters(loaded));
        var scoring = ScoringData(ml);
        var before = model.Transform(scoring).Preview(maxRows: 20);
        var after = loaded.Transform(scoring).Preview(maxRows: 20);
        for (var r = 0; r < before.RowView.Length; r++)
        {
            for (var c = 0; c < before.Schema.Count; c++)
                Assert.AreEqual(Render(before.RowView[r].Values[c].Value), Render(after.RowView[r].Values[c].Value), $"Row {r}, column {before.Schema[c].Name}.");
        }
        var history = History(loaded);
        Assert.IsNotNull(history, "The history is saved with the model.");
        CollectionAssert.AreEqual(History(model)!.Keys.ToArray(), history.Keys.ToArray());
        Assert.AreEqual(History(model)!.Rows.Count, history.Rows.Count);
    }

    [TestMethod]
    public void ResumingEqualsTheUninterruptedRunWhereSupported()
    {
        if (!SupportsResume)
        {
            // Not supported must be explicit: such options offer no way to resume.
            Assert.IsNull(typeof(TOptions).GetProperty("ResumeFrom"), $"{typeof(TOptions).Name} has ResumeFrom, so the trainer must pass this test with SupportsResume.");
            return;
        }
        var ml = new MLContext(seed: 0);
        var full = SmallOptions(3);
        CheckpointEvery(full, Dir, 2);
        var uninterrupted = Create(ml, full).Fit(TrainingData(ml));
        var checkpoint = Directory.GetFiles(Dir, "checkpoint-*.bin").Order().First();
        var resumedOptions = SmallOptions(3);
        ResumeFrom(resumedOptions, checkpoint);
        var resumed = Create(ml, resumedOptions).Fit(TrainingData(ml));
        CollectionAssert.AreEqual(Parameters(uninterrupted), Parameters(resumed), "The resumed run ends with the uninterrupted run's weights.");
        Assert.AreEqual(History(uninterrupted)!.Rows.Count, History(resumed)!.Rows.Count, "…and the same history.");
    }

    [TestMethod]
    public void CancellationStopsTraining()
    {
        using var cancellation = new CancellationTokenSource();
        var options = SmallOptions(3);
        options.CancellationToken = cancellation.Token;
        var iterations = 0;
        options.Progress = new Reports(_ =>
        {
            if (++iterations == 2)
                cancellation.Cancel();
        });
        var ml = new MLContext(seed: 0);
        Assert.ThrowsExactly<OperationCanceledException>(() => Create(ml, options).Fit(TrainingData(ml)));
        Assert.AreEqual(2, iterations, "Training stops at the first iteration after the cancellation.");
    }

    [TestMethod]
    public void InvalidOptionsAreNamedWhenTheEstimatorIsMade()
    {
        var options = SmallOptions(3);
        var (breakIt, name) = InvalidOption;
        breakIt(options);
        var ex = Assert.Throws<ArgumentException>(() => Create(new MLContext(seed: 0), options));
        StringAssert.Contains(ex.Message, name);
    }

    [TestMethod]
    public void ASchemaMismatchIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var (data, named) = MismatchedData(ml);
        var ex = Assert.Throws<ArgumentException>(() => Create(ml, SmallOptions(3)).Fit(data));
        StringAssert.Contains(ex.Message, named);
    }

    [TestMethod]
    public void NaNInputIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var (options, data, named) = NaNInput(ml);
        var ex = Assert.Throws<Exception>(() => Create(ml, options).Fit(data));
        Assert.IsTrue(ex is ArgumentException or InvalidOperationException or InvalidDataException, $"A clear exception, not {ex.GetType().Name}: {ex.Message}");
        StringAssert.Contains(ex.Message, named);
    }

    private static string Render(object? value) => value switch
    {
        Microsoft.ML.Data.VBuffer<float> v => string.Join(",", v.DenseValues().Select(x => BitConverter.SingleToInt32Bits(x))),
        float f => BitConverter.SingleToInt32Bits(f).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private sealed class Reports(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
