using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Trainers;
using Synaptic.ML.Tests.Trainers;

namespace Synaptic.ML.Tests.Compatibility;

/// <summary>
/// Zips saved by earlier versions of Synaptic.ML still load in a fresh context and score their recorded input rows to
/// the recorded outputs — every column and row: integers, Booleans, keys and column types exactly, floats up to the
/// rounding another CPU's kernels give (<see cref="ColumnSnapshot.RelativeRounding"/>; on the machine that recorded
/// them they are equal bit for bit) — and still carry their training history. Models/73e85ff (before the trainers were
/// restructured): policies of every on-policy kind, sampling policies, an encoder chain, a prototypical featurizer and
/// classifier. Models/8fd6b5c (0.1.0): DQN with MLP, spiking and convolutional Q-networks, the multi-plasticity
/// recurrent DQN, tabular Q-learning and STDP-Q, reward-modulated STDP (payload format 2), the spiking maze agent,
/// MAML-RL, the supervised spiking classifiers (multiclass, binary), the spiking featurizer alone and in front of
/// ML.NET's SDCA, MAML and a classifier adapted by it. Each folder's GENERATOR.md says how its zips were made.
/// </summary>
[TestClass]
public sealed class LegacyModelTests
{
    [TestMethod]
    [DataRow("73e85ff/ppo-mlp-cartpole")]
    [DataRow("73e85ff/ppo-spiking-cartpole")]
    [DataRow("73e85ff/ppo-gaussian-pendulum")]
    [DataRow("73e85ff/reinforce-nobaseline-cartpole")]
    [DataRow("73e85ff/ppo-mlp-cartpole-sampling")]
    [DataRow("73e85ff/ppo-gaussian-pendulum-sampling")]
    [DataRow("73e85ff/encoders")]
    [DataRow("73e85ff/prototypical-featurizer-digits")]
    [DataRow("73e85ff/prototype-classifier-digits")]
    [DataRow("8fd6b5c/dqn-mlp-cartpole")]
    [DataRow("8fd6b5c/dqn-spiking-cartpole")]
    [DataRow("8fd6b5c/dqn-conv-minatar-breakout")]
    [DataRow("8fd6b5c/recurrent-dqn-cartpole")]
    [DataRow("8fd6b5c/q-learning-taxi")]
    [DataRow("8fd6b5c/stdp-q-taxi")]
    [DataRow("8fd6b5c/rstdp-lanekeeping")]
    [DataRow("8fd6b5c/spiking-maze")]
    [DataRow("8fd6b5c/maml-rl-gridworld")]
    [DataRow("8fd6b5c/spiking-multiclass-digits")]
    [DataRow("8fd6b5c/spiking-binary-digits")]
    [DataRow("8fd6b5c/spiking-features-digits")]
    [DataRow("8fd6b5c/spiking-features-sdca-digits")]
    [DataRow("8fd6b5c/maml-digits")]
    [DataRow("8fd6b5c/maml-classifier-digits")]
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
    [DataRow("73e85ff/ppo-mlp-cartpole")]
    [DataRow("73e85ff/ppo-spiking-cartpole")]
    [DataRow("73e85ff/ppo-gaussian-pendulum")]
    [DataRow("73e85ff/reinforce-nobaseline-cartpole")]
    [DataRow("73e85ff/ppo-mlp-cartpole-sampling")]
    public void LegacyPolicyCarriesItsRecordedTrainingHistory(string name)
    {
        var policy = (PolicyTransformer)Load(name).Model;
        Assert.IsNotNull(policy.TrainingHistory, $"{name}: the zip holds a training history.");
        AssertFacts(name, PolicyHistoryFacts(policy.TrainingHistory));
    }

    [TestMethod]
    public void LegacyFeaturizerCarriesItsRecordedTrainingHistory()
    {
        var featurizer = (ImageFeaturizerTransformer)Load("73e85ff/prototypical-featurizer-digits").Model;
        Assert.IsNotNull(featurizer.TrainingHistory, "The featurizer zip holds a training history.");
        AssertFacts("73e85ff/prototypical-featurizer-digits", FewShotHistoryFacts(featurizer.TrainingHistory));
    }

    [TestMethod]
    public void LegacyPolicyServesThePredictionEngineWithTheRecordedOutputs()
    {
        var (ml, model, outputs, rows) = LoadForEngine("73e85ff/ppo-mlp-cartpole");
        var engine = ml.Model.CreatePredictionEngine<CartPoleState, CartPoleAction>(model);
        for (var row = 0; row < rows.Length; row++)
        {
            var prediction = engine.Predict(new CartPoleState { Observation = rows[row] });
            Assert.AreEqual((int)outputs["Action"][row]!, prediction.Action, $"Row {row}: Action.");
            AssertRecorded(outputs, "ActionProbabilities", row, new JsonArray(prediction.ActionProbabilities.Select(p => (JsonNode)ColumnSnapshot.Hex(p)).ToArray()));
            AssertRecorded(outputs, "Value", row, ColumnSnapshot.Hex(prediction.Value));
        }
    }

    [TestMethod]
    public void LegacyBinaryClassifierServesThePredictionEngineWithTheRecordedOutputs()
    {
        var (ml, model, outputs, rows) = LoadForEngine("8fd6b5c/spiking-binary-digits");
        var engine = ml.Model.CreatePredictionEngine<DigitImage, BinaryPrediction>(model);
        for (var row = 0; row < rows.Length; row++)
        {
            var prediction = engine.Predict(new DigitImage { Image = rows[row] });
            Assert.AreEqual((bool)outputs["PredictedLabel"][row]!, prediction.PredictedLabel, $"Row {row}: PredictedLabel.");
            AssertRecorded(outputs, "Score", row, ColumnSnapshot.Hex(prediction.Score));
            AssertRecorded(outputs, "Probability", row, ColumnSnapshot.Hex(prediction.Probability));
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

    /// <summary>A legacy model loaded for a <c>PredictionEngine</c>, with its recorded outputs by column and its input rows.</summary>
    private static (MLContext Context, ITransformer Model, Dictionary<string, JsonArray> Outputs, float[][] Rows) LoadForEngine(string name)
    {
        var record = LegacyModelFiles.Record(name);
        var (ml, model, _) = Load(name);
        var outputs = record["outputs"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!["values"]!.AsArray());
        return (ml, model, outputs, LegacyModelFiles.InputRows(record["input"]!.AsObject()));
    }

    private static void AssertRecorded(Dictionary<string, JsonArray> outputs, string column, int row, JsonNode actual) =>
        Assert.IsTrue(ColumnSnapshot.SameUpToRounding(outputs[column][row], actual),
            $"Row {row}: {column} {actual.ToJsonString()}, recorded {outputs[column][row]!.ToJsonString()} (32-bit hex).");

    private static void AssertFacts(string name, JsonObject actual)
    {
        var expected = LegacyModelFiles.Record(name)["history"]!.AsObject();
        CollectionAssert.AreEqual(expected.Select(p => p.Key).ToArray(), actual.Select(p => p.Key).ToArray(), $"{name}: history facts.");
        foreach (var (key, value) in expected)
            Assert.IsTrue(JsonNode.DeepEquals(value, actual[key]), $"{name}: history {key} is {actual[key]?.ToJsonString()}, recorded {value?.ToJsonString()}.");
    }

    private static string[] Names(JsonArray columns) => columns.Select(c => (string)c!["name"]!).ToArray();

    public sealed class DigitImage
    {
        [VectorType(8, 8)]
        public float[] Image { get; set; } = [];
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

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
