using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers;

[TestClass]
public sealed class OnPolicyTrainerTests : TempDirectoryTest
{
    private static PpoTrainer.Options SmallPpo(long steps = 512) => new()
    {
        EnvironmentId = "CartPole-v1",
        Seed = 7,
        NumberOfEnvironments = 2,
        StepsPerUpdate = 64,
        MinibatchSize = 32,
        Epochs = 2,
        TotalTimesteps = steps,
    };

    private static IDataView CartPoleData(MLContext ml) => TrainedPolicies.Episodes(ml, "CartPole-v1");

    private static float[] Weights(PolicyTransformer policy) =>
        policy.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    [TestMethod]
    public void TheSameSeedGivesTheSameTrainingAndAnotherSeedDoesNot()
    {
        var ml = new MLContext(seed: 0);
        var first = ml.Synaptic().Trainers.Ppo(SmallPpo()).Fit(CartPoleData(ml));
        var second = ml.Synaptic().Trainers.Ppo(SmallPpo()).Fit(CartPoleData(ml));
        CollectionAssert.AreEqual(Weights(first), Weights(second));
        CollectionAssert.AreEqual(first.TrainingHistory!.Episodes.ToArray(), second.TrainingHistory!.Episodes.Select((e, i) => e with { WallSeconds = first.TrainingHistory.Episodes[i].WallSeconds }).ToArray());
        var options = SmallPpo();
        options.Seed = 8;
        CollectionAssert.AreNotEqual(Weights(first), Weights(ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml))));
    }

    [TestMethod]
    public void ParallelEnvironmentsTrainExactlyAsTheSynchronousOnes()
    {
        var ml = new MLContext(seed: 0);
        var parallel = SmallPpo();
        parallel.NumberOfEnvironments = 4;
        parallel.ParallelEnvironments = true;
        var sync = SmallPpo();
        sync.NumberOfEnvironments = 4;
        CollectionAssert.AreEqual(Weights(ml.Synaptic().Trainers.Ppo(sync).Fit(CartPoleData(ml))), Weights(ml.Synaptic().Trainers.Ppo(parallel).Fit(CartPoleData(ml))));
    }

    [TestMethod]
    [DataRow("ppo")]
    [DataRow("a2c")]
    [DataRow("reinforce")]
    public void ResumingFromACheckpointContinuesExactlyAsTheUninterruptedRun(string algorithm)
    {
        var ml = new MLContext(seed: 0);
        IEstimator<PolicyTransformer> Make(Action<OnPolicyOptions> set)
        {
            OnPolicyOptions options = algorithm switch
            {
                "ppo" => SmallPpo(1_024),
                "a2c" => new A2CTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 3, TotalTimesteps = 800 },
                _ => new ReinforceTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 3, TotalTimesteps = 800, UseBaseline = true },
            };
            set(options);
            return options switch
            {
                PpoTrainer.Options p => ml.Synaptic().Trainers.Ppo(p),
                A2CTrainer.Options a => ml.Synaptic().Trainers.A2C(a),
                ReinforceTrainer.Options r => ml.Synaptic().Trainers.Reinforce(r),
                _ => throw new InvalidOperationException(),
            };
        }

        var uninterrupted = Make(o => { o.CheckpointDirectory = Dir; o.CheckpointInterval = 3; }).Fit(CartPoleData(ml));
        var checkpoints = Directory.GetFiles(Dir, "checkpoint-*.bin").Order().ToArray();
        Assert.IsTrue(checkpoints.Length >= 2, $"{checkpoints.Length} checkpoints.");
        var resumed = Make(o => o.ResumeFrom = checkpoints[0]).Fit(CartPoleData(ml));

        CollectionAssert.AreEqual(Weights(uninterrupted), Weights(resumed), "Same weights after the resumed run.");
        var a = uninterrupted.TrainingHistory!;
        var b = resumed.TrainingHistory!;
        CollectionAssert.AreEqual(a.Episodes.Select(e => (e.Episode, e.Return, e.Length, e.EnvironmentSteps, e.Update)).ToArray(),
            b.Episodes.Select(e => (e.Episode, e.Return, e.Length, e.EnvironmentSteps, e.Update)).ToArray());
        CollectionAssert.AreEqual(a.Updates.Select(u => (u.Update, u.PolicyLoss, u.ValueLoss, u.Entropy)).ToArray(),
            b.Updates.Select(u => (u.Update, u.PolicyLoss, u.ValueLoss, u.Entropy)).ToArray());
    }

    [TestMethod]
    public void AResumedRunMayHaveOtherCallbacksThanTheRunThatSavedTheCheckpoint()
    {
        // The saving run keeps the best policy in its checkpoint directory (a callback with state); the resumed
        // run has no directory and so no such callback: the saved state is passed over, not misread.
        var ml = new MLContext(seed: 0);
        var saving = SmallPpo(1_024);
        saving.EvaluationInterval = 2;
        saving.EvaluationEpisodes = 2;
        saving.CheckpointDirectory = Dir;
        saving.CheckpointInterval = 3;
        var uninterrupted = ml.Synaptic().Trainers.Ppo(saving).Fit(CartPoleData(ml));
        Assert.IsTrue(File.Exists(Path.Combine(Dir, "best-policy.zip")));
        var resuming = SmallPpo(1_024);
        resuming.EvaluationInterval = 2;
        resuming.EvaluationEpisodes = 2;
        resuming.ResumeFrom = Directory.GetFiles(Dir, "checkpoint-*.bin").Order().First();
        var resumed = ml.Synaptic().Trainers.Ppo(resuming).Fit(CartPoleData(ml));
        CollectionAssert.AreEqual(Weights(uninterrupted), Weights(resumed));
        CollectionAssert.AreEqual(uninterrupted.TrainingHistory!.Evaluations.Select(e => e.MeanReturn).ToArray(),
            resumed.TrainingHistory!.Evaluations.Select(e => e.MeanReturn).ToArray());
    }

    [TestMethod]
    public void ACheckpointOfAnotherSetUpOrAlteredBytesIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo(256);
        options.CheckpointDirectory = Dir;
        options.CheckpointInterval = 1;
        ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml));
        var checkpoint = Directory.GetFiles(Dir, "checkpoint-*.bin")[0];

        var other = SmallPpo();
        other.Seed = 99;
        other.ResumeFrom = checkpoint;
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Trainers.Ppo(other).Fit(CartPoleData(ml)));
        StringAssert.Contains(ex.Message, "seed 7");

        var bytes = File.ReadAllBytes(checkpoint);
        bytes[^10] ^= 0x40;
        File.WriteAllBytes(checkpoint, bytes);
        var resume = SmallPpo();
        resume.ResumeFrom = checkpoint;
        var corrupt = Assert.ThrowsExactly<InvalidDataException>(() => ml.Synaptic().Trainers.Ppo(resume).Fit(CartPoleData(ml)));
        StringAssert.Contains(corrupt.Message, "checksum");
    }

    [TestMethod]
    public void EvaluationsStopTrainingAtTheTargetAndTheBestPolicyIsSaved()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo(20_000);
        options.EvaluationInterval = 1;
        options.EvaluationEpisodes = 3;
        options.StopAtEvaluationReturn = 15;
        options.CheckpointDirectory = Dir;
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml));
        var evaluations = policy.TrainingHistory!.Evaluations.ToArray();
        Assert.IsTrue(evaluations.Length >= 1);
        Assert.IsTrue(evaluations[^1].MeanReturn >= 15);
        Assert.IsTrue(evaluations.Take(evaluations.Length - 1).All(e => e.MeanReturn < 15), "It stops at the first evaluation that reaches the target.");
        Assert.IsTrue(policy.TrainingHistory.Updates[^1].EnvironmentSteps < 20_000);
        var best = (PolicyTransformer)ml.Synaptic().LoadModel(Path.Combine(Dir, "best-policy.zip"), out _);
        Assert.AreEqual(policy.ObservationSize, best.ObservationSize);
    }

    [TestMethod]
    public void TheBestEvaluatedNetworkCanBeReturnedInsteadOfTheLast()
    {
        var ml = new MLContext(seed: 0);
        PpoTrainer.Options Options(bool best)
        {
            var options = SmallPpo(2_944);
            options.EvaluationInterval = 1;
            options.EvaluationEpisodes = 5;
            options.ReturnBestEvaluatedPolicy = best;
            return options;
        }
        var last = ml.Synaptic().Trainers.Ppo(Options(false)).Fit(CartPoleData(ml));
        var best = ml.Synaptic().Trainers.Ppo(Options(true)).Fit(CartPoleData(ml));
        var evaluations = best.TrainingHistory!.Updates.Where(u => u.EvaluationReturn.HasValue).ToArray();
        var top = evaluations.MaxBy(u => u.EvaluationReturn)!;
        Assert.AreNotEqual(evaluations[^1].Update, top.Update,
            $"The set-up must have a best evaluation before the last update: {string.Join(", ", evaluations.Select(u => u.EvaluationReturn))}.");
        CollectionAssert.AreNotEqual(Weights(last), Weights(best));
        // Re-evaluating the returned network with the evaluation's seed gives the best evaluation's mean.
        var again = ml.Synaptic().Evaluate(best, () => ml.Synaptic().Environments.CartPole(), episodes: 5, seed: 7 + 1_000_000 + top.Update * 1_000);
        Assert.AreEqual(top.EvaluationReturn!.Value, again.MeanReturn, 1e-9);
    }

    [TestMethod]
    public void ProgressLogAndHistoryViewsReportEveryUpdate()
    {
        var ml = new MLContext(seed: 0);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
                messages.Add(e.Message);
        };
        var reports = new List<TrainingProgress>();
        var options = SmallPpo(640);
        options.Progress = new SynchronousProgress(reports.Add);
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml));
        var history = policy.TrainingHistory!;
        Assert.AreEqual(history.Updates.Count, reports.Count);
        Assert.AreEqual(640, reports[^1].EnvironmentSteps, "Whole rollouts of 2 × 64 steps until the budget is spent.");
        Assert.AreEqual(1.0, reports[^1].Fraction);
        Assert.IsFalse(reports.Any(r => r.Evaluated), "No evaluation was asked for.");
        lock (messages)
            Assert.IsTrue(messages.Any(m => m.Contains("PpoTrainer") && m.Contains("CartPole-v1")), "Training is logged through ML.NET.");

        var view = history.ToDataView(ml);
        CollectionAssert.AreEqual(history.Episodes.Select(e => e.Return).ToArray(), view.GetColumn<double>("Return").ToArray());
        var frame = history.ToDataFrame();
        Assert.AreEqual(history.Episodes.Count, frame.Rows.Count);
        Assert.AreEqual(history.Updates.Count, history.UpdatesToDataView(ml).GetColumn<int>("Update").Count());
        var png = Path.Combine(Dir, "curve.png");
        history.SaveLearningCurve(png);
        Assert.IsTrue(new FileInfo(png).Length > 1000);
    }

    [TestMethod]
    public void OutputColumnsCanBeRenamedSoTheRecordedActionStaysVisible()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo(128);
        options.OutputColumns = new PolicyColumnNames { Action = "PredictedAction", Value = "StateValue" };
        var data = CartPoleData(ml);
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(data);
        var scored = policy.Transform(data);
        Assert.AreEqual(NumberDataViewType.Int32, scored.Schema["PredictedAction"].Type);
        Assert.IsInstanceOfType<VectorDataViewType>(scored.Schema["Action"].Type, "The recorded action is still there.");
        Assert.AreEqual(1, scored.Schema.Count(c => c.Name == "StateValue"));
        var path = Path.Combine(Dir, "renamed.zip");
        ml.Model.Save(policy, data.Schema, path);
        var loaded = (PolicyTransformer)ml.Synaptic().LoadModel(path, out _);
        Assert.AreEqual(options.OutputColumns, loaded.Columns);

        var clash = SmallPpo();
        clash.OutputColumns = new PolicyColumnNames { Value = "Action" };
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Trainers.Ppo(clash).Fit(data));
        StringAssert.Contains(ex.Message, "must differ");
    }

    [TestMethod]
    public void CancellationStopsTrainingBetweenUpdates()
    {
        var ml = new MLContext(seed: 0);
        using var cancellation = new CancellationTokenSource();
        var options = SmallPpo(100_000);
        options.CancellationToken = cancellation.Token;
        options.Progress = new SynchronousProgress(p =>
        {
            if (p.Update == 2)
                cancellation.Cancel();
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml)));
    }

    [TestMethod]
    public void NaNObservationsDuringTrainingNameTheEpisodeAndStep()
    {
        var ml = new MLContext(seed: 0);
        FaultyEnv.Restart();
        var options = new A2CTrainer.Options { EnvironmentFactory = () => new FaultyEnv(), NumberOfEnvironments = 1, Seed = 1, TotalTimesteps = 1_000 };
        var data = ml.Data.LoadFromEnumerable(new[] { new FourFloats() });
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Synaptic().Trainers.A2C(options).Fit(data));
        StringAssert.Contains(ex.Message, "Faulty-v0");
        StringAssert.Contains(ex.Message, $"step {FaultyEnv.BadStep} of episode 2");
        StringAssert.Contains(ex.Message, "NaN");
    }

    [TestMethod]
    public void AnObservationColumnThatDoesNotMatchTheEnvironmentIsRefused()
    {
        var ml = new MLContext(seed: 0);
        var pendulumData = TrainedPolicies.Episodes(ml, "Pendulum-v1");
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Ppo(SmallPpo()).Fit(pendulumData));
        StringAssert.Contains(ex.Message, "'Observation' has 3 values");
        StringAssert.Contains(ex.Message, "CartPole-v1");

        var options = SmallPpo();
        options.ObservationColumnName = "State";
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml)));
        StringAssert.Contains(missing.Message, "'State' is not in the input schema");
    }

    [TestMethod]
    public void ADiscreteOnlyReadoutRefusesAContinuousActionSpace()
    {
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options
        {
            EnvironmentId = "Pendulum-v1",
            Policy = new SpikingPolicyOptions { Readout = SpikingReadout.SpikeCount },
            TotalTimesteps = 64,
        };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.Ppo(options).Fit(TrainedPolicies.Episodes(ml, "Pendulum-v1")));
        StringAssert.Contains(ex.Message, "SpikeCount");
        StringAssert.Contains(ex.Message, "Pendulum-v1");
    }

    [TestMethod]
    public void InvalidOptionsAreNamed()
    {
        var ml = new MLContext(seed: 0);
        void Refused(Action<PpoTrainer.Options> set, string name)
        {
            var options = SmallPpo();
            set(options);
            var ex = Assert.Throws<ArgumentException>(() => ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml)));
            StringAssert.Contains(ex.Message, name);
        }
        Refused(o => o.Gamma = 1.5, "Gamma");
        Refused(o => o.ClipRange = 0, "ClipRange");
        Refused(o => o.MinibatchSize = 0, "MinibatchSize");
        Refused(o => o.Policy = new MlpPolicyOptions { HiddenSizes = [64, -1] }, "HiddenSizes[1]");
        Refused(o => o.Policy = new SpikingPolicyOptions { Beta = 2 }, "Beta");
        Refused(o => o.Policy = new SpikingPolicyOptions { Encoding = SpikingEncoding.Population }, "ObservationLow");
        Refused(o => o.StopAtEvaluationReturn = 100, "EvaluationInterval");
        Refused(o => { o.EnvironmentId = null; }, "EnvironmentId");
        Refused(o => o.EnvironmentId = "CartPole-v9", "CartPole-v9");
    }

    [TestMethod]
    public void APpoMinibatchLargerThanItsRolloutIsRefusedWithBothSizes()
    {
        var ml = new MLContext(seed: 0);
        var options = SmallPpo();
        options.MinibatchSize = 129;   // the rollout is 2 environments × 64 steps = 128
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Ppo(options));
        Assert.AreEqual("MinibatchSize", ex.ParamName);
        StringAssert.Contains(ex.Message, "MinibatchSize = 129 is larger than the rollout");
        StringAssert.Contains(ex.Message, "NumberOfEnvironments × StepsPerUpdate = 2 × 64 = 128 steps");

        options.MinibatchSize = 128;   // one minibatch per epoch: allowed
        Assert.IsNotNull(ml.Synaptic().Trainers.Ppo(options));
    }

    [TestMethod]
    public void TheTrainerAppendsToAPipelineAndReportsItsOutputSchema()
    {
        var ml = new MLContext(seed: 0);
        var data = CartPoleData(ml);
        var pipeline = ml.Transforms.CopyColumns("Observation", "Observation").Append(ml.Synaptic().Trainers.Ppo(SmallPpo(128)));
        var shape = pipeline.GetOutputSchema(Synaptic.ML.Persistence.MlNetModelIO.CreateSchemaShape(data.Schema));
        Assert.AreEqual(NumberDataViewType.Int32, shape.Single(c => c.Name == "Action").ItemType);
        Assert.AreEqual(1, shape.Count(c => c.Name == "ActionProbabilities"));
        Assert.AreEqual(1, shape.Count(c => c.Name == "Value"));
        var model = pipeline.Fit(data);
        var scored = model.Transform(data);
        Assert.AreEqual(data.GetColumn<int>("Step").Count(), scored.GetColumn<int>("Action").Count());
        var path = Path.Combine(Dir, "chain.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext().Synaptic().LoadModel(path, out _);
        CollectionAssert.AreEqual(scored.GetColumn<int>("Action").ToArray(), loaded.Transform(data).GetColumn<int>("Action").ToArray());
    }

    [TestMethod]
    public void ARegisteredTorchSharpModuleCanBeThePolicyAndIsRebuiltOnLoad()
    {
        PolicyModuleRegistry.Register("tests-linear", (inputs, outputs) => nn.Sequential(nn.Linear(inputs, 16), nn.ReLU(), nn.Linear(16, outputs)));
        var ml = new MLContext(seed: 0);
        var options = SmallPpo(256);
        options.Policy = new CustomPolicyOptions("tests-linear");
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(CartPoleData(ml));
        var path = Path.Combine(Dir, "custom.zip");
        ml.Model.Save(policy, CartPoleData(ml).Schema, path);
        var loaded = (PolicyTransformer)new MLContext().Synaptic().LoadModel(path, out _);
        float[] observation = [0.01f, 0.2f, -0.03f, -0.1f];
        CollectionAssert.AreEqual(policy.Act(observation), loaded.Act(observation));
        Assert.AreEqual("custom module 'tests-linear'", loaded.Network.ToString());

        var unknown = SmallPpo();
        unknown.Policy = new CustomPolicyOptions("not-registered");
        var ex = Assert.ThrowsExactly<KeyNotFoundException>(() => ml.Synaptic().Trainers.Ppo(unknown).Fit(CartPoleData(ml)));
        StringAssert.Contains(ex.Message, "'not-registered'");
    }

    private sealed class FourFloats
    {
        [VectorType(4)]
        public float[] Observation { get; set; } = new float[4];
    }

    /// <summary>Reports on the training thread (System.Progress posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
