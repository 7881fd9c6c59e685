using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Plasticity;
using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity;

/// <summary>The reward-modulated STDP trainer and its policy: saving, deterministic scoring, and bad input named.</summary>
[TestClass]
public sealed class RewardModulatedStdpTrainerTests : TempDirectoryTest
{
    private static RewardModulatedStdpTrainer.Options Tiny(int seed = 3) => new()
    {
        EnvironmentId = LaneKeeping.EnvId,
        Seed = seed,
        Episodes = 2,
        StepsPerDecision = 10,
    };

    private static PolicyTransformer TrainTiny(MLContext ml, RewardModulatedStdpTrainer.Options? options = null) =>
        ml.Synaptic().Trainers.RewardModulatedStdp(options ?? Tiny()).Fit(TrainedPolicies.Episodes(ml, LaneKeeping.EnvId));

    private static float[] RandomObservations(int count, int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var observations = new float[count * 3];
        for (var i = 0; i < observations.Length; i++)
            observations[i] = random.NextSingle() * 20f;
        return observations;
    }

    private static float[] Actions(PolicyModel model, float[] observations)
    {
        var count = observations.Length / model.ObservationSize;
        var actions = new float[count];
        model.Act(observations, count, actions, [], PolicyState.Stateless, [], []);
        return actions;
    }

    [TestMethod]
    public void TheSavedPolicyActsAsTheTrainedOneAndScoringIsDeterministic()
    {
        var ml = new MLContext(seed: 0);
        var trained = TrainTiny(ml);
        var path = Path.Combine(Dir, "rstdp.zip");
        ml.Model.Save(trained, TrainedPolicies.Episodes(ml, LaneKeeping.EnvId).Schema, path);
        var loaded = (PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        var before = (RewardModulatedStdpPolicy)trained.Model;
        var after = (RewardModulatedStdpPolicy)loaded.Model;
        Assert.AreEqual("RewardModulatedStdp", after.Kind);
        CollectionAssert.AreEqual(before.Weights.ToArray(), after.Weights.ToArray());
        CollectionAssert.AreEqual(before.InputWeights.ToArray(), after.InputWeights.ToArray());
        Assert.AreEqual(before.NoiseSeed, after.NoiseSeed);
        var observations = RandomObservations(60, 7);
        var actions = Actions(before, observations);
        CollectionAssert.AreEqual(actions, Actions(after, observations), "The loaded policy takes the trained one's actions.");
        CollectionAssert.AreEqual(actions, Actions(before, observations), "The same observation gives the same action every time.");
        CollectionAssert.AreEqual(before.Scores(observations.AsSpan(0, 3)), after.Scores(observations.AsSpan(0, 3)));
        Assert.IsTrue(actions.Distinct().Count() > 1, $"Different observations lead to different actions (got only {actions[0]}).");
    }

    [TestMethod]
    public void ATracedDecisionIsTheDecisionActMakesAndItsScoresAreThePathwayOfItsSpikes()
    {
        var policy = (RewardModulatedStdpPolicy)TrainTiny(new MLContext(seed: 0)).Model;
        var observations = RandomObservations(8, 11);
        var actions = Actions(policy, observations);
        var n = policy.Neurons;
        for (var k = 0; k < 8; k++)
        {
            var observation = observations.AsSpan(k * 3, 3);
            var trace = policy.TraceDecision(observation);
            Assert.AreEqual((int)actions[k], trace.Action, $"observation {k}");
            CollectionAssert.AreEqual(policy.Scores(observation), trace.Scores);
            // score_a = Σ_{i∈pool a} Σ_j W[i, j]·c_j with c_j the spikes of steps 0 … T − 2.
            var counts = new double[n];
            for (var t = 0; t < trace.Steps - 1; t++)
            {
                for (var j = 0; j < n; j++)
                    counts[j] += trace.Spikes[t * n + j];
            }
            for (var a = 0; a < trace.Pools; a++)
            {
                var expected = 0.0;
                for (var i = a * trace.PoolSize; i < (a + 1) * trace.PoolSize; i++)
                {
                    for (var j = 0; j < n; j++)
                        expected += (double)policy.Weights[i * n + j] * counts[j];
                }
                Assert.AreEqual(expected, trace.Scores[a], 1e-9 * Math.Max(1, Math.Abs(expected)), $"observation {k}, pool {a}");
            }
        }
    }

    [TestMethod]
    public void PoolRatesAreCausalMovingAveragesOfThePoolsSpikes()
    {
        // 2 pools of 2 neurons (N = 4), T = 3: pool 0 fires 2, 0, 1 spikes; pool 1 fires 0, 1, 2.
        float[] spikes = [1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1];
        var trace = new SpikingDecisionTrace(spikes, 3, 4, 2, [0, 0], 0);
        CollectionAssert.AreEqual(new[] { 1.0, 0.0, 0.5 }, trace.PoolRate(0));
        CollectionAssert.AreEqual(new[] { 0.0, 0.25, 0.75 }, trace.PoolRate(1, window: 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trace.PoolRate(2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trace.PoolRate(0, window: 4));
    }

    [TestMethod]
    public void ARecordedEpisodeHoldsEveryDecisionsSpikesAndItsReturn()
    {
        var policy = (RewardModulatedStdpPolicy)TrainTiny(new MLContext(seed: 0)).Model;
        var episode = policy.RecordEpisode(new LaneKeeping(), seed: 5, frames: true);
        var steps = episode.Actions.Length;
        Assert.IsTrue(steps is > 0 and <= 100);
        Assert.AreEqual(steps, episode.Trace.Length);
        Assert.AreEqual(steps, episode.Hidden.Length);
        Assert.AreEqual(steps, episode.Frames!.Count);
        Assert.AreEqual(policy.StepsPerDecision, episode.TraceRows);
        Assert.AreEqual(policy.Neurons, episode.TraceColumns);
        Assert.IsTrue(episode.Trace.All(t => t.Length == policy.StepsPerDecision * policy.Neurons));
        // The same episode played through Act earns the same return.
        var env = new LaneKeeping();
        var observation = new float[3];
        env.Reset(observation, 5);
        double total = 0;
        for (var t = 0; t < steps; t++)
        {
            var action = Actions(policy, observation);
            total += env.Step(action, observation).Reward;
        }
        Assert.AreEqual(total, episode.Return, 1e-9);
    }

    [TestMethod]
    public void TheSpikeCountReadoutCountsPoolSpikes()
    {
        var ml = new MLContext(seed: 0);
        var options = Tiny();
        options.Readout = SpikeReadout.SpikeCount;
        var policy = (RewardModulatedStdpPolicy)TrainTiny(ml, options).Model;
        var scores = policy.Scores(RandomObservations(1, 3));
        Assert.AreEqual(3, scores.Length);
        foreach (var s in scores)
        {
            Assert.AreEqual(Math.Floor(s), s, "A spike count is a whole number.");
            Assert.IsTrue(s >= 0 && s <= policy.PoolSize * policy.StepsPerDecision, $"At most one spike per pool neuron and step; got {s}.");
        }
        Assert.IsTrue(scores.Sum() > 0, "The driven population spikes.");
    }

    [TestMethod]
    public void PopulationCodingGivesEachElementMTunedInputNeuronsAndRoundTrips()
    {
        var ml = new MLContext(seed: 0);
        var options = Tiny();
        options.Encoding = SpikeEncoding.Population;
        options.InputPopulationSize = 5;
        var trained = TrainTiny(ml, options);
        var policy = (RewardModulatedStdpPolicy)trained.Model;
        Assert.AreEqual(SpikeEncoding.Population, policy.Encoding);
        Assert.AreEqual(policy.Neurons * 3 * 5, policy.InputWeights.Length, "N × (3 sensors × 5 tuned neurons)");
        var path = Path.Combine(Dir, "rstdp-population.zip");
        ml.Model.Save(trained, TrainedPolicies.Episodes(ml, LaneKeeping.EnvId).Schema, path);
        var loaded = (RewardModulatedStdpPolicy)((PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _)).Model;
        var observations = RandomObservations(30, 5);
        CollectionAssert.AreEqual(Actions(policy, observations), Actions(loaded, observations));
        Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Trainers.RewardModulatedStdp(new RewardModulatedStdpTrainer.Options
        {
            EnvironmentId = LaneKeeping.EnvId,
            Encoding = SpikeEncoding.Population,
            InputPopulationSize = 1,
        }), "InputPopulationSize");
    }

    [TestMethod]
    public void TheMetricsOfThePerEpisodeRuleAreRecordedPerEpisode()
    {
        var ml = new MLContext(seed: 0);
        var options = Tiny();
        options.Episodes = 3;
        options.Dopamine = DopamineSignal.EpisodeReturn;
        var history = TrainTiny(ml, options).TrainingHistory!;
        foreach (var key in new[] { RewardModulatedStdpTrainer.DopamineMetric, RewardModulatedStdpTrainer.WeightChangeMetric, RewardModulatedStdpTrainer.BaselineMetric })
            CollectionAssert.Contains(history.Keys.ToArray(), key);
        Assert.AreEqual("rstdp/dopamine", RewardModulatedStdpTrainer.DopamineMetric);
        var returns = history.Episodes.Select(e => e.Return).ToArray();
        Assert.AreEqual(3, returns.Length);
        // Without an initial baseline the first return is the baseline; then it moves by β = 0.1 towards each return.
        var baseline = returns[0];
        foreach (var r in returns.Skip(1))
            baseline += 0.1 * (r - baseline);
        var recorded = history.Rows.Select(row => row.Values.TryGetValue(RewardModulatedStdpTrainer.BaselineMetric, out var v) ? v : double.NaN).Where(double.IsFinite).ToArray();
        Assert.AreEqual(baseline, recorded[^1], 1e-3 * Math.Max(1, Math.Abs(baseline)));
    }

    [TestMethod]
    public void WeightsOutsideTheirSignsRangeAreRefusedAtLoadNamingThePair()
    {
        var policy = (RewardModulatedStdpPolicy)TrainTiny(new MLContext(seed: 0)).Model;
        var n = policy.Neurons;
        var inhibitory = policy.ExcitatoryNeurons; // the first inhibitory neuron
        policy.MutableWeights[3 * n + inhibitory] = 0.5f; // an inhibitory synapse made positive
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            policy.Write(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => RewardModulatedStdpPolicy.Read(reader));
        StringAssert.Contains(ex.Message, $"W[3, {inhibitory}]");
        StringAssert.Contains(ex.Message, "0.5");
        StringAssert.Contains(ex.Message, "inhibitory");
    }

    [TestMethod]
    public void APopulationTooSmallForOnePoolPerActionIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var options = Tiny();
        options.Population = new LifPopulation.Options { Size = 4, InhibitoryFraction = 0.5 };
        var ex = Assert.Throws<ArgumentException>(() => TrainTiny(ml, options));
        StringAssert.Contains(ex.Message, "pool size 0");
        StringAssert.Contains(ex.Message, "3 actions");
    }

    [TestMethod]
    public void ANonBoxObservationOrContinuousActionIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var taxi = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.RewardModulatedStdp("Taxi-v3", 2, 1).Fit(TrainedPolicies.Episodes(ml, "Taxi-v3")));
        StringAssert.Contains(taxi.Message, "is not a Box");
        var pendulum = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.RewardModulatedStdp("Pendulum-v1", 2, 1).Fit(TrainedPolicies.Episodes(ml, "Pendulum-v1")));
        StringAssert.Contains(pendulum.Message, "is not discrete");
    }

    [TestMethod]
    public void ANonFiniteRewardIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var options = Tiny();
        options.EnvironmentId = null;
        options.EnvironmentFactory = () => new NaNRewardEnv();
        var data = ml.Data.LoadFromEnumerable(new[] { new TwoFloats() });
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Synaptic().Trainers.RewardModulatedStdp(options).Fit(data));
        StringAssert.Contains(ex.Message, $"returned the reward NaN at step {NaNRewardEnv.BadStep} of episode 0");
    }

    [TestMethod]
    public void OptionsOutOfRangeAreNamed()
    {
        var ml = new MLContext(seed: 0);
        foreach (var (breakIt, name) in new (Action<RewardModulatedStdpTrainer.Options>, string)[]
        {
            (o => o.InputRate = 1.5, "InputRate"),
            (o => o.InputConnectivity = 0, "InputConnectivity"),
            (o => o.LearningRate = -1, "LearningRate"),
            (o => o.BaselineRate = 2, "BaselineRate"),
            (o => o.Episodes = 0, "Episodes"),
            (o => o.NumberOfEnvironments = 2, "NumberOfEnvironments"),
            (o => o.Population = new LifPopulation.Options { Tau = -1 }, "Tau"),
            (o => o.Stdp = new SpikeTimingDependentPlasticity.Options { APlus = -1 }, "APlus"),
            (o => o.Readout = (SpikeReadout)7, "Readout"),
            (o => o.Eligibility = (PlasticityEligibility)7, "Eligibility"),
            (o => o.Dopamine = (DopamineSignal)7, "Dopamine"),
            (o => o.EligibilityDecay = 1.5, "EligibilityDecay"),
            (o => o.Discount = double.NaN, "Discount"),
            (o => o.CriticStepSize = 2, "CriticStepSize"),
            (o => o.LearningRateSchedule = null!, "LearningRateSchedule"),
            (o => o.Eligibility = PlasticityEligibility.SpikeTiming, "EpisodeReturn"),
        })
        {
            var options = Tiny();
            breakIt(options);
            var ex = Assert.Throws<ArgumentException>(() => ml.Synaptic().Trainers.RewardModulatedStdp(options), name);
            StringAssert.Contains(ex.Message, name);
        }
    }

    [TestMethod]
    public void TheTemporalDifferenceRuleRecordsItsMeanErrorAndNoBaseline()
    {
        var ml = new MLContext(seed: 0);
        var history = TrainTiny(ml).TrainingHistory!;
        var dopamine = history.Rows.Select(r => r[RewardModulatedStdpTrainer.DopamineMetric]).Where(double.IsFinite).ToArray();
        Assert.AreEqual(2, dopamine.Length);
        // The critic starts at 0, so the first errors are the rewards themselves and cannot all vanish.
        Assert.IsTrue(dopamine.Any(d => d != 0), $"dopamine {string.Join(", ", dopamine)}");
        CollectionAssert.DoesNotContain(history.Keys.ToArray(), RewardModulatedStdpTrainer.BaselineMetric);
        Assert.IsTrue(history.Rows.Select(r => r[RewardModulatedStdpTrainer.WeightChangeMetric]).Where(double.IsFinite).All(c => c > 0));
    }

    [TestMethod]
    public void APolicySavedByAnOlderBuildFailsNamingBothFormats()
    {
        // Saved at 2da4d0a (payload format 1): one noise realisation for every decision, which this version no longer reproduces.
        var path = Path.Combine(AppContext.BaseDirectory, "Compatibility", "Models", "2da4d0a", "rstdp-lanekeeping.zip");
        Assert.IsTrue(File.Exists(path), path);
        var ex = Assert.Throws<Exception>(() => new MLContext(seed: 0).Synaptic().LoadModel(path, out _));
        var message = string.Join(" | ", Chain(ex).Select(e => e.Message));
        StringAssert.Contains(message, "payload format 1");
        StringAssert.Contains(message, "reads format 2");
        StringAssert.Contains(message, "Train the policy again");
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            yield return x;
    }

    private sealed class TwoFloats
    {
        [Microsoft.ML.Data.VectorType(2)]
        public float[] Observation { get; set; } = [0, 0];
    }

    /// <summary>Box(0, 1, 2) observations and two actions; the reward turns NaN at step <see cref="BadStep"/>.</summary>
    private sealed class NaNRewardEnv() : Env("NaNReward-v0")
    {
        public const int BadStep = 4;
        private int _t;

        public override Space ObservationSpace { get; } = new BoxSpace(0, 1, 2);

        public override Space ActionSpace { get; } = new DiscreteSpace(2);

        protected override void OnReset(Span<float> observation, int? seed)
        {
            _t = 0;
            observation.Fill(0.5f);
        }

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            observation.Fill(0.5f);
            return new StepOutcome(_t == BadStep ? double.NaN : 1, false, _t >= 10);
        }
    }

    [TestMethod]
    public void ACheckpointOfAScaledRunIsRefusedByAnUnscaledOne()
    {
        var ml = new MLContext(seed: 0);
        var scaled = new RewardModulatedStdpTrainer.Options { EnvironmentId = LaneKeeping.EnvId, Episodes = 2, Seed = 1, CheckpointDirectory = Dir, CheckpointInterval = 1 };
        ml.Synaptic().Trainers.RewardModulatedStdp(scaled).Fit(TrainedPolicies.Episodes(ml, LaneKeeping.EnvId));
        var checkpoint = Directory.GetFiles(Dir, "checkpoint-*.bin").Order().First();
        var unscaled = new RewardModulatedStdpTrainer.Options { EnvironmentId = LaneKeeping.EnvId, Episodes = 2, Seed = 1, PoolSynapticScaling = false, ResumeFrom = checkpoint };
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Trainers.RewardModulatedStdp(unscaled).Fit(TrainedPolicies.Episodes(ml, LaneKeeping.EnvId)));
        StringAssert.Contains(error.Message, "pool scaling on");
        StringAssert.Contains(error.Message, "pool scaling off");
    }
}
