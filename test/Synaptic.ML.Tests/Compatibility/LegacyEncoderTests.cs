using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Encoding;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Tests.Compatibility;

/// <summary>
/// The encoder chain saved at 73e85ff (format 0x00010001) keeps the behaviour it was saved with — rate and population draws
/// keyed by row position, silent clamping, no recorded input size — so it scores its recorded outputs (checked bit for bit
/// by <see cref="LegacyModelTests"/>), and saving it again in today's format keeps those outputs. Encoders fitted today key
/// their draws by the values and record their input size.
/// </summary>
[TestClass]
public sealed class LegacyEncoderTests : TempDirectoryTest
{
    [TestMethod]
    public void LegacyEncodersKeepPositionKeysAndKeepThemWhenSavedAgain()
    {
        var ml = new MLContext(seed: 0);
        ml.Synaptic();
        var chain = (TransformerChain<ITransformer>)ml.Model.Load(LegacyModelFiles.PathOf("73e85ff/encoders.zip"), out var schema);
        var rate = chain.OfType<RateEncodingTransformer>().Single();
        var population = chain.OfType<PopulationEncodingTransformer>().Single();
        Assert.IsTrue(rate.DrawsKeyedByRowPosition && population.DrawsKeyedByRowPosition, "0x00010001 zips keep position keys.");
        Assert.IsTrue(rate.ClampToUnitInterval, "0x00010001 rate encoders clamped silently, and still do.");
        Assert.IsTrue(chain.OfType<VectorColumnTransformer>().All(t => t.FittedInputSize is null), "0x00010001 zips did not record the input size.");

        var input = LegacyModelFiles.Record("73e85ff/encoders")["input"]!.AsObject();
        var expected = ColumnSnapshot.Capture(chain.Transform(LegacyModelFiles.InputView(ml, input))).ToJsonString();
        var resaved = Path.Combine(Dir, "encoders-resaved.zip");
        ml.Model.Save(chain, schema, resaved);
        var loading = new MLContext(seed: 5);
        loading.Synaptic();
        var reloaded = loading.Model.Load(resaved, out _);
        Assert.AreEqual(expected, ColumnSnapshot.Capture(reloaded.Transform(LegacyModelFiles.InputView(loading, input))).ToJsonString(),
            "Saved again in today's format, the legacy chain scores as before.");
        Assert.IsTrue(((TransformerChain<ITransformer>)reloaded).OfType<RateEncodingTransformer>().Single().DrawsKeyedByRowPosition);
    }

    [TestMethod]
    public void EncodersFittedTodayKeyByValuesAndKeepItThroughAZip()
    {
        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, 12).Select(i => Enumerable.Range(0, 6).Select(j => (i * 7 + j * 3) % 11 / 10f).ToArray()).ToArray();
        var data = VectorData.Load(ml, rows, 6);
        var model = ml.Synaptic().Transforms.EncodeRate("Rate", "Features", timeSteps: 8)
            .Append(ml.Synaptic().Transforms.EncodePopulation("Population", "Features", new PopulationParameters { TimeSteps = 5, NeuronsPerInput = 3, Min = 0, Max = 1 }))
            .Fit(data);
        var path = Path.Combine(Dir, "encoders.zip");
        ml.Model.Save(model, data.Schema, path);
        var loading = new MLContext(seed: 7);
        loading.Synaptic();
        var loaded = (TransformerChain<ITransformer>)loading.Model.Load(path, out _);
        Assert.IsFalse(loaded.OfType<RateEncodingTransformer>().Single().DrawsKeyedByRowPosition);
        Assert.IsFalse(loaded.OfType<PopulationEncodingTransformer>().Single().DrawsKeyedByRowPosition);

        var reversed = VectorData.Load(loading, rows.Reverse(), 6);
        foreach (var column in new[] { "Rate", "Population" })
        {
            var before = VectorData.Column(model.Transform(data), column);
            var after = VectorData.Column(loaded.Transform(reversed), column);
            for (var i = 0; i < rows.Length; i++)
                CollectionAssert.AreEqual(before[i], after[rows.Length - 1 - i], $"{column}, row {i}: same values, same spikes, after a reload and at another position.");
        }
    }
}
