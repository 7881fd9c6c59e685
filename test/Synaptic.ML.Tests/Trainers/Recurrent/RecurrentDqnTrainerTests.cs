using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Recurrent;

/// <summary>The recurrent DQN's stateful policy on views, in control loops and evaluations, through zips; and its errors.</summary>
[TestClass]
public sealed class RecurrentDqnTrainerTests : TempDirectoryTest
{
    private static readonly Lazy<PolicyTransformer> MaskedCartPole = new(() => Train(new MultiPlasticityOptions { HiddenSize = 16, HebbianRate = 0.5 }));

    private static Env Masked() => new MaskObservation(EnvRegistry.Make("CartPole-v1"), 1, 3);

    private static PolicyTransformer Train(SequenceCoreOptions core)
    {
        var ml = new MLContext(seed: 0);
        var options = new RecurrentDqnTrainer.Options
        {
            EnvironmentFactory = Masked,
            Core = core,
            Seed = 3,
            TotalTimesteps = 400,
            LearningStarts = 100,
            BatchSize = 8,
            SequenceLength = 4,
            BurnIn = 2,
            LearningRate = 1e-2,
        };
        return ml.Synaptic().Trainers.RecurrentDqn(options).Fit(ml.Synaptic().Data.Rollout(Masked(), episodes: 1));
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Observation { get; set; } = [];

        public int Episode { get; set; }
    }

    private sealed class ObservationRow
    {
        [VectorType(2)]
        public float[] Observation { get; set; } = [];
    }

    private static readonly float[][] Observations = [[0.01f, 0.02f], [0.3f, -0.05f], [-0.2f, 0.1f], [0.5f, 0.15f], [0.05f, -0.12f]];

    private static float[][] QValues(IDataView scored) => scored.GetColumn<float[]>("QValues").ToArray();

    [TestMethod]
    public void OnAnEpisodeViewMemoryLastsOneEpisodeAndStartsOverAtTheNext()
    {
        var ml = new MLContext(seed: 0);
        var policy = MaskedCartPole.Value;
        Assert.IsTrue(policy.IsStateful);
        var rows = Observations.Select(o => new Row { Observation = o, Episode = 4 }).Concat(Observations.Select(o => new Row { Observation = o, Episode = 9 }));
        var q = QValues(policy.Transform(ml.Data.LoadFromEnumerable(rows)));
        for (var i = 0; i < Observations.Length; i++)
            CollectionAssert.AreEqual(q[i], q[i + Observations.Length], $"row {i} of the second episode repeats the first");

        // The same observation as the first of an episode: the memory of rows 0–2 changed row 3's values.
        var alone = QValues(policy.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { Observation = Observations[3], Episode = 0 } })));
        CollectionAssert.AreNotEqual(alone[0], q[3], "the memory changes the Q-values");
    }

    [TestMethod]
    public void WithoutAnEpisodeColumnTheViewIsOneEpisodeAsTheControlLoop()
    {
        var ml = new MLContext(seed: 0);
        var policy = MaskedCartPole.Value;
        var twice = Observations.Concat(Observations).Select(o => new ObservationRow { Observation = o }).ToArray();
        var scored = policy.Transform(ml.Data.LoadFromEnumerable(twice));
        var q = QValues(scored);
        CollectionAssert.AreNotEqual(q[0], q[Observations.Length], "the memory carries on into the repeat");
        var actions = scored.GetColumn<int>("Action").ToArray();
        policy.StartEpisode();
        var action = new float[1];
        for (var i = 0; i < twice.Length; i++)
        {
            policy.Act(twice[i].Observation, action);
            Assert.AreEqual(actions[i], (int)action[0], $"row {i}: the control loop continues the episode as the view does");
        }
    }

    [TestMethod]
    public void EvaluateStartsEveryEpisodeFromZeroMemory()
    {
        var ml = new MLContext(seed: 0);
        var policy = MaskedCartPole.Value;
        var evaluation = ml.Synaptic().Evaluate(policy, Masked, episodes: 5, seed: 40, parallelEpisodes: 3);
        var runner = policy.AsEpisodicPolicy();
        var env = Masked();
        var action = new float[1];
        for (var e = 0; e < 5; e++)
        {
            runner.StartEpisode();
            var observation = env.Reset(40 + e).ToArray();
            var total = 0.0;
            while (true)
            {
                runner.Act(observation, action);
                var step = env.Step((int)action[0]);
                total += step.Reward;
                if (step.Terminated || step.Truncated)
                    break;
                observation = step.Observation.ToArray();
            }
            Assert.AreEqual(total, evaluation.Returns[e], $"episode {e}");
        }
    }

    [TestMethod]
    [DataRow("gru")]
    [DataRow("lstm")]
    [DataRow("mpn")]
    public void TheSavedPolicyScoresAsTheTrainedOne(string core)
    {
        var ml = new MLContext(seed: 0);
        var policy = core switch
        {
            "gru" => Train(new GruCoreOptions { HiddenSize = 8 }),
            "lstm" => Train(new LstmCoreOptions { HiddenSize = 8 }),
            _ => MaskedCartPole.Value,
        };
        var view = ml.Synaptic().Data.Rollout(Masked(), episodes: 2, seed: 5);
        var path = Path.Combine(Dir, $"{core}.zip");
        ml.Model.Save(policy, view.Schema, path);
        var loaded = (PolicyTransformer)ml.Model.Load(path, out _);
        Assert.IsTrue(loaded.Model is RecurrentQPolicy { } loadedModel && loadedModel.Core.GetType() == ((RecurrentQPolicy)policy.Model).Core.GetType());
        var expected = QValues(policy.Transform(view));
        var actual = QValues(loaded.Transform(view));
        Assert.AreEqual(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
    }

    [TestMethod]
    public void ARecordedEpisodeIsTheEvaluatedOneWithItsMemoryStepByStep()
    {
        var ml = new MLContext(seed: 0);
        var policy = MaskedCartPole.Value;
        var model = (RecurrentQPolicy)policy.Model;
        var episode = model.RecordEpisode(Masked(), seed: 21, frames: true);
        Assert.AreEqual(ml.Synaptic().Evaluate(policy, Masked(), episodes: 1, seed: 21).Returns[0], episode.Return);
        Assert.AreEqual(episode.Steps, episode.Actions.Length);
        Assert.AreEqual(episode.Steps, episode.Frames!.Count);
        Assert.AreEqual(16, episode.TraceRows);
        Assert.AreEqual(3, episode.TraceColumns, "two observations and the bias input");
        // M after step t is what the layer computes from M after step t − 1 and that step's h and input (λ 0.95, η 0.5).
        var env = Masked();
        var observation = env.Reset(21).ToArray();
        for (var t = 1; t < Math.Min(episode.Steps, 6); t++)
        {
            observation = env.Step(episode.Actions[t - 1]).Observation.ToArray();
            for (var i = 0; i < 16; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    var x = j < 2 ? observation[j] : 1f;
                    var expected = 0.95f * episode.Trace[t - 1][i * 3 + j] + 0.5f * episode.Hidden[t][i] * x;
                    Assert.AreEqual(expected, episode.Trace[t][i * 3 + j], 1e-5, $"M[{i}, {j}] after step {t}");
                }
            }
        }
        var gif = Path.Combine(Dir, "episode.gif");
        Assert.AreEqual(Math.Min(episode.Steps, new RecurrentAnalysisOptions().GifMaxFrames), RecurrentStateAnalysis.WriteEpisodeGif(gif, episode));
        CollectionAssert.AreEqual("GIF89a"u8.ToArray(), File.ReadAllBytes(gif)[..6]);
    }

    [TestMethod]
    public void TheFeedForwardBaselineIsStateless()
    {
        var policy = Train(new FeedForwardCoreOptions { HiddenSize = 8 });
        Assert.IsFalse(policy.IsStateful);
        var ml = new MLContext(seed: 0);
        var twice = Observations.Concat(Observations).Select(o => new ObservationRow { Observation = o });
        var q = QValues(policy.Transform(ml.Data.LoadFromEnumerable(twice)));
        CollectionAssert.AreEqual(q[0], q[Observations.Length]);
    }

    [TestMethod]
    public void ObservationsOfAnotherSizeAreNamed()
    {
        var ml = new MLContext(seed: 0);
        var full = ml.Synaptic().Data.Rollout(EnvRegistry.Make("CartPole-v1"), episodes: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MaskedCartPole.Value.Transform(full));
        StringAssert.Contains(error.Message, "4 values per row");
        StringAssert.Contains(error.Message, "observations of 2");
    }

    [TestMethod]
    public void BadLayerSettingsAreNamedBeforeTraining()
    {
        var ml = new MLContext(seed: 0);
        foreach (var (layer, name) in new (MultiPlasticityOptions, string)[]
        {
            (new MultiPlasticityOptions { Decay = 1.0 }, "Decay"),
            (new MultiPlasticityOptions { Decay = -0.5 }, "Decay"),
            (new MultiPlasticityOptions { HebbianRate = double.NaN }, "HebbianRate"),
            (new MultiPlasticityOptions { HiddenSize = 0 }, "HiddenSize"),
        })
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.MpnDqn("CartPole-v1", 1_000, layer));
            Assert.AreEqual(name, error.ParamName);
        }
        var sequence = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Synaptic().Trainers.RecurrentDqn(new RecurrentDqnTrainer.Options { EnvironmentId = "CartPole-v1", SequenceLength = 0 }));
        StringAssert.Contains(sequence.Message, "SequenceLength");
    }
}
