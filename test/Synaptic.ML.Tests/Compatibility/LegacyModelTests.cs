using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Tests.Trainers;

namespace Synaptic.ML.Tests.Compatibility;

/// <summary>
/// Zips saved by Synaptic.ML at commit 73e85ff (policies of every kind, a sampling policy, an encoder chain, a
/// prototypical featurizer and classifier; see Models/73e85ff/GENERATOR.md) still load in a fresh context and score
/// their recorded input rows to the recorded outputs — every column and row: integers, keys and column types exactly,
/// floats up to the rounding another CPU's kernels give (<see cref="ColumnSnapshot.RelativeRounding"/>; on the
/// machine that recorded them they are equal bit for bit) — and still carry their training history.
/// </summary>
[TestClass]
public sealed class LegacyModelTests
{
    [TestMethod]
    [DataRow("ppo-mlp-cartpole")]
    [DataRow("ppo-spiking-cartpole")]
    [DataRow("ppo-gaussian-pendulum")]
    [DataRow("reinforce-nobaseline-cartpole")]
    [DataRow("ppo-mlp-cartpole-sampling")]
    [DataRow("ppo-gaussian-pendulum-sampling")]
    [DataRow("encoders")]
    [DataRow("prototypical-featurizer-digits")]
    [DataRow("prototype-classifier-digits")]
    public void LegacyZipLoadsAndScoresItsRecordedOutputs(string name)
    {
        var record = LegacyModelFiles.Record(name);
        var (ml, model, inputSchema) = Load(name);
        var input = record["input"]!.AsObject();
        var inputColumn = (string)input["column"]!;
        Assert.IsNotNull(inputSchema.GetColumnOrNull(inputColumn), $"{name}: the saved input schema has column '{inputColumn}'.");
        var transformer = (string)record["transformer"]!;
        if (transformer.StartsWith("Microsoft.ML.Data.TransformerChain", StringComparison.Ordinal))
            Assert.IsInstanceOfType<TransformerChain<ITransformer>>(model, $"{name}: a saved chain loads as a chain.");
        else
            Assert.AreEqual(transformer, model.GetType().FullName, $"{name}: the zip loads as the transformer that was saved.");

        var actual = ColumnSnapshot.Capture(model.Transform(LegacyModelFiles.InputView(ml, input)));
        var expected = record["outputs"]!.AsArray();
        CollectionAssert.AreEqual(Names(expected), Names(actual), $"{name}: the output columns, in order.");
        for (var c = 0; c < expected.Count; c++)
        {
            var (e, a) = (expected[c]!.AsObject(), actual[c]!.AsObject());
            var column = (string)e["name"]!;
            foreach (var property in new[] { "type", "dimensions", "keyValues" })
                Assert.IsTrue(JsonNode.DeepEquals(e[property], a[property]), $"{name}, column '{column}': {property} {a[property]?.ToJsonString()}, recorded {e[property]?.ToJsonString()}.");
            var (expectedValues, actualValues) = (e["values"]!.AsArray(), a["values"]!.AsArray());
            Assert.AreEqual(expectedValues.Count, actualValues.Count, $"{name}, column '{column}': row count.");
            for (var row = 0; row < expectedValues.Count; row++)
                Assert.IsTrue(ColumnSnapshot.SameUpToRounding(expectedValues[row], actualValues[row]),
                    $"{name}, column '{column}', row {row}: {actualValues[row]?.ToJsonString()}, recorded {expectedValues[row]?.ToJsonString()} (floats as 32-bit hex; relative tolerance {ColumnSnapshot.RelativeRounding}).");
        }
    }

    [TestMethod]
    [DataRow("ppo-mlp-cartpole")]
    [DataRow("ppo-spiking-cartpole")]
    [DataRow("ppo-gaussian-pendulum")]
    [DataRow("reinforce-nobaseline-cartpole")]
    [DataRow("ppo-mlp-cartpole-sampling")]
    public void LegacyPolicyCarriesItsRecordedTrainingHistory(string name)
    {
        var policy = (PolicyTransformer)Load(name).Model;
        Assert.IsNotNull(policy.TrainingHistory, $"{name}: the zip holds a training history.");
        AssertFacts(name, PolicyHistoryFacts(policy.TrainingHistory));
    }

    [TestMethod]
    public void LegacyFeaturizerCarriesItsRecordedTrainingHistory()
    {
        var featurizer = (ImageFeaturizerTransformer)Load("prototypical-featurizer-digits").Model;
        Assert.IsNotNull(featurizer.TrainingHistory, "The featurizer zip holds a training history.");
        AssertFacts("prototypical-featurizer-digits", FewShotHistoryFacts(featurizer.TrainingHistory));
    }

    [TestMethod]
    public void LegacyPolicyServesThePredictionEngineWithTheRecordedOutputs()
    {
        var record = LegacyModelFiles.Record("ppo-mlp-cartpole");
        var (ml, model, _) = Load("ppo-mlp-cartpole");
        var engine = ml.Model.CreatePredictionEngine<CartPoleState, CartPoleAction>(model);
        var outputs = record["outputs"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!["values"]!.AsArray());
        var rows = LegacyModelFiles.InputRows(record["input"]!.AsObject());
        for (var row = 0; row < rows.Length; row++)
        {
            var prediction = engine.Predict(new CartPoleState { Observation = rows[row] });
            Assert.AreEqual((int)outputs["Action"][row]!, prediction.Action, $"Row {row}: Action.");
            var probabilities = new JsonArray(prediction.ActionProbabilities.Select(p => (JsonNode)ColumnSnapshot.Hex(p)).ToArray());
            Assert.IsTrue(ColumnSnapshot.SameUpToRounding(outputs["ActionProbabilities"][row], probabilities),
                $"Row {row}: ActionProbabilities {probabilities.ToJsonString()}, recorded {outputs["ActionProbabilities"][row]!.ToJsonString()} (32-bit hex).");
            Assert.IsTrue(ColumnSnapshot.SameUpToRounding(outputs["Value"][row], ColumnSnapshot.Hex(prediction.Value)),
                $"Row {row}: Value {ColumnSnapshot.Hex(prediction.Value)}, recorded {outputs["Value"][row]} (32-bit hex).");
        }
    }

    /// <summary>Facts of an on-policy history recorded with the legacy zips: counts, a few values, and the digest of all its numbers.</summary>
    internal static JsonObject PolicyHistoryFacts(TrainingHistory history) => new()
    {
        ["episodes"] = history.Episodes.Count,
        ["updates"] = history.Updates.Count,
        ["lastEpisodeReturn"] = ColumnSnapshot.Hex(history.Episodes[^1].Return),
        ["lastEpisodeWallSeconds"] = ColumnSnapshot.Hex(history.Episodes[^1].WallSeconds),
        ["lastUpdatePolicyLoss"] = ColumnSnapshot.Hex(history.Updates[^1].PolicyLoss),
        ["lastUpdateLearningRate"] = ColumnSnapshot.Hex(history.Updates[^1].LearningRate),
        ["numbersDigest"] = TrainingChecksumTests.Digest(TrainingChecksumTests.HistoryNumbers(history)),
    };

    /// <summary>Facts of a few-shot history recorded with the legacy zips: counts, a few values, and the digest of all its numbers.</summary>
    internal static JsonObject FewShotHistoryFacts(TrainingHistory history) => new()
    {
        ["episodes"] = history.Series(MetricKeys.Loss).Values.Length,
        ["validations"] = history.Series(MetricKeys.EvaluationAccuracy).Values.Length,
        ["lastEpisodeLoss"] = ColumnSnapshot.Hex(history.Series(MetricKeys.Loss).Values[^1]),
        ["lastValidationAccuracy"] = ColumnSnapshot.Hex(history.Series(MetricKeys.EvaluationAccuracy).Values[^1]),
        ["numbersDigest"] = TrainingChecksumTests.Digest(TrainingChecksumTests.FewShotHistoryNumbers(history)),
    };

    private static (MLContext Context, ITransformer Model, DataViewSchema InputSchema) Load(string name)
    {
        var ml = new MLContext(seed: 0);
        ml.Synaptic();   // registers the Synaptic model loaders on this context
        var model = ml.Model.Load(LegacyModelFiles.PathOf(name + ".zip"), out var inputSchema);
        return (ml, model, inputSchema);
    }

    private static void AssertFacts(string name, JsonObject actual)
    {
        var expected = LegacyModelFiles.Record(name)["history"]!.AsObject();
        CollectionAssert.AreEqual(expected.Select(p => p.Key).ToArray(), actual.Select(p => p.Key).ToArray(), $"{name}: history facts.");
        foreach (var (key, value) in expected)
            Assert.IsTrue(JsonNode.DeepEquals(value, actual[key]), $"{name}: history {key} is {actual[key]?.ToJsonString()}, recorded {value?.ToJsonString()}.");
    }

    private static string[] Names(JsonArray columns) => columns.Select(c => (string)c!["name"]!).ToArray();

    public sealed class CartPoleState
    {
        [VectorType(4)]
        public float[] Observation { get; set; } = [];
    }

    public sealed class CartPoleAction
    {
        public int Action { get; set; }

        public float[] ActionProbabilities { get; set; } = [];

        public float Value { get; set; }
    }
}
