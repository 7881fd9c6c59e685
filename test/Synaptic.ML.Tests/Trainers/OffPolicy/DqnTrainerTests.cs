using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;
using TorchSharp;

namespace Synaptic.ML.Tests.Trainers.OffPolicy;

/// <summary>DQN's target, its variants, offline training from logged transitions, and its errors.</summary>
[TestClass]
public sealed class DqnTrainerTests
{
    // A linear Q-function of a constant observation: Q(s, ·) is the output layer's bias plus weight, free to take any value.
    private static DqnTrainer.Options Small(Func<Env> env, double gamma, int steps = 3_000) => new()
    {
        EnvironmentFactory = env,
        Seed = 5,
        Gamma = gamma,
        TotalTimesteps = steps,
        LearningStarts = 100,
        LearningRate = 0.02,
        BatchSize = 32,
        TrainFrequency = 1,
        GradientSteps = 1,
        TargetUpdateInterval = 20,
        ExplorationFraction = 0.5,
        Network = new MlpPolicyOptions { HiddenSizes = [] },
    };

    [TestMethod]
    public void TruncatedEpisodesBootstrapSoQIsTheInfiniteDiscountedSum()
    {
        // Reward 1 forever, cut every 2 steps by the time limit: bootstrapping through truncation gives
        // Q = 1 / (1 − γ) = 2 for γ = 0.5; treating the cut as terminal would give 4/3.
        var ml = new MLContext(seed: 0);
        var policy = ml.Synaptic().Trainers.Dqn(Small(() => new TimeLimit(new ConstantRewardEnv(), 2), 0.5)).Fit(Observations(ml, 1));
        var q = QValues(ml, policy, [1f]);
        Assert.AreEqual(2.0, q[0], 0.05, $"Q = [{string.Join(", ", q)}]");
        Assert.AreEqual(2.0, q[1], 0.05, $"Q = [{string.Join(", ", q)}]");
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void TerminalStepsDoNotBootstrap(bool doubleQ, bool dueling)
    {
        // Every episode is one terminated step paying 1 for action 1 and 0 for action 0: Q(s, ·) = (0, 1) whatever γ.
        var ml = new MLContext(seed: 0);
        var options = Small(() => new RewardedActionEnv(1, observationSize: 1), 0.9);
        options.DoubleQ = doubleQ;
        options.Dueling = dueling;
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(Observations(ml, 1));
        var q = QValues(ml, policy, [0f]);
        Assert.AreEqual(0.0, q[0], 0.05, $"Q = [{string.Join(", ", q)}]");
        Assert.AreEqual(1.0, q[1], 0.05, $"Q = [{string.Join(", ", q)}]");
        Assert.AreEqual(dueling, ((QNetworkPolicy)policy.Model).Dueling);
    }

    [TestMethod]
    [DataRow("spiking")]
    [DataRow("conv")]
    public void SpikingAndConvolutionalBodiesLearnTheValuesToo(string body)
    {
        // The one-step task of TerminalStepsDoNotBootstrap with 4 observation elements, read as a 2×2 grid by the convolution.
        var ml = new MLContext(seed: 0);
        var options = Small(() => new RewardedActionEnv(1, observationSize: 4), 0.9);
        options.LearningRate = 0.005;
        options.Network = body == "spiking"
            ? new SpikingPolicyOptions { HiddenSizes = [16], TimeSteps = 4 }
            : new ConvPolicyOptions { Height = 2, Width = 2, InputChannels = 1, Filters = [4], KernelSize = 1, HiddenSizes = [16] };
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(Observations(ml, 4));
        var q = QValues(ml, policy, new float[4]);
        Assert.AreEqual(0.0, q[0], 0.1, $"Q = [{string.Join(", ", q)}]");
        Assert.AreEqual(1.0, q[1], 0.1, $"Q = [{string.Join(", ", q)}]");
    }

    [TestMethod]
    public void AConvolutionalDuelingPolicyRoundTripsThroughAZip()
    {
        var ml = new MLContext(seed: 0);
        var options = Small(() => new RewardedActionEnv(1, observationSize: 12), 0.9, steps: 300);
        options.Dueling = true;
        options.Network = new ConvPolicyOptions { Height = 2, Width = 3, InputChannels = 2, Filters = [3], KernelSize = 2, Padding = 1, HiddenSizes = [8] };
        var data = Observations(ml, 12);
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"dqn-conv-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(policy, data.Schema, path);
            var loaded = (PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
            var model = (QNetworkPolicy)loaded.Model;
            Assert.IsTrue(model.Dueling);
            Assert.AreEqual(options.Network.ToString(), model.Network.ToString());
            var observation = Enumerable.Range(0, 12).Select(i => i * 0.1f).ToArray();
            CollectionAssert.AreEqual(QValues(ml, policy, observation), QValues(ml, loaded, observation));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TheDuelingHeadCentresTheAdvantagesOnTheValue()
    {
        // Q(s, a) = V(s) + A(s, a) − mean A(s, ·), so the mean of Q over actions is V, the body's first output.
        var architecture = new QNetworkArchitecture(new MlpPolicyOptions { HiddenSizes = [8] }, 3, 4, Dueling: true);
        using var network = architecture.Build(11);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(5, 3, generator: new torch.Generator(3));
        var q = network.forward(x);
        var body = ((torch.nn.Module<torch.Tensor, torch.Tensor>)network.named_children().Single().module).forward(x);
        Assert.AreEqual(0, (q.mean([1]) - body[.., 0]).abs().max().item<float>(), 1e-5f);
        Assert.AreEqual(0, (q - q.mean([1], keepdim: true) - (body[.., 1..] - body[.., 1..].mean([1], keepdim: true))).abs().max().item<float>(), 1e-5f);
    }

    [TestMethod]
    public void OfflineTrainingLearnsFromLoggedTransitionsAlone()
    {
        // Logged one-step episodes of a random policy in the rewarded-action task: Q(s, ·) → (0, 1) and the greedy action is 1.
        var ml = new MLContext(seed: 0);
        var random = new Synaptic.ML.Randomness.SplitMix64(1);
        var logged = ml.Synaptic().Data.Rollout(new RewardedActionEnv(1, observationSize: 1), (o, a) => a[0] = random.NextInt(2), episodes: 400);
        var options = new DqnTrainer.Options
        {
            ActionCount = 2,
            Seed = 2,
            LearningRate = 0.02,
            OfflineGradientSteps = 2_000,
            TargetUpdateInterval = 20,
            Network = new MlpPolicyOptions { HiddenSizes = [] },
        };
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(logged);
        var q = QValues(ml, policy, [0f]);
        Assert.AreEqual(0.0, q[0], 0.05);
        Assert.AreEqual(1.0, q[1], 0.05);
        Assert.AreEqual(2_000, policy.TrainingHistory!.Series(MetricKeys.Updates).Values.Sum(), "one row per iteration counts its gradient steps");
    }

    [TestMethod]
    public void LoggedTransitionsPrefillTheBufferWhenAnEnvironmentIsGiven()
    {
        // With learning starting at once and no exploration budget to speak of, the logged transitions are what it learns from first.
        var ml = new MLContext(seed: 0);
        var random = new Synaptic.ML.Randomness.SplitMix64(1);
        var logged = ml.Synaptic().Data.Rollout(new RewardedActionEnv(1, observationSize: 1), (o, a) => a[0] = random.NextInt(2), episodes: 200);
        var options = Small(() => new RewardedActionEnv(1, observationSize: 1), 0.9, steps: 1_000);
        options.LearningStarts = 0;
        options.ExplorationInitial = 0;
        options.ExplorationFinal = 0;
        // Greedy from the start: without the logged transitions the first action is taken forever and the other never valued.
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(logged);
        var q = QValues(ml, policy, [0f]);
        Assert.AreEqual(0.0, q[0], 0.1, $"Q = [{string.Join(", ", q)}]");
        Assert.AreEqual(1.0, q[1], 0.1, $"Q = [{string.Join(", ", q)}]");
    }

    [TestMethod]
    public void TheScoredViewHasTheActionAndTheQValuesColumn()
    {
        var ml = new MLContext(seed: 0);
        var options = Small(() => new RewardedActionEnv(1, observationSize: 1), 0.9, steps: 300);
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(Observations(ml, 1));
        var scored = policy.Transform(Observations(ml, 1, rows: 2));
        Assert.AreEqual(NumberDataViewType.Int32, scored.Schema["Action"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), scored.Schema["QValues"].Type);
        var shape = ml.Synaptic().Trainers.Dqn(options).GetOutputSchema(Synaptic.ML.Persistence.MlNetModelIO.CreateSchemaShape(Observations(ml, 1).Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "QValues"));
    }

    [TestMethod]
    public void OptionsAndInputsAreCheckedWithNamedErrors()
    {
        var ml = new MLContext(seed: 0);
        var cartPole = new DqnTrainer.Options { EnvironmentId = "CartPole-v1" };
        cartPole.ExplorationFinal = 1.5;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Dqn(cartPole)).Message, "ExplorationFinal");
        cartPole.ExplorationFinal = 0.05;
        cartPole.ExplorationInitial = -0.1;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Dqn(cartPole)).Message, "ExplorationInitial");
        var small = new DqnTrainer.Options { EnvironmentId = "CartPole-v1", BufferSize = 16, BatchSize = 32 };
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Dqn(small));
        StringAssert.Contains(ex.Message, "BufferSize = 16 is smaller than a batch (BatchSize = 32)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Synaptic().Trainers.Dqn(new DqnTrainer.Options())).Message, "ActionCount");
        var pendulum = new DqnTrainer.Options { EnvironmentId = "Pendulum-v1" };
        StringAssert.Contains(Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.Dqn(pendulum).Fit(TrainedPolicies.Episodes(ml, "Pendulum-v1"))).Message, "Pendulum-v1's action space");
        var mismatch = new DqnTrainer.Options { EnvironmentId = "CartPole-v1", ActionCount = 3 };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.Dqn(mismatch).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"))).Message, "ActionCount = 3");
    }

    [TestMethod]
    public void BadLoggedTransitionsAreNamedByColumnAndRow()
    {
        var ml = new MLContext(seed: 0);
        var offline = new DqnTrainer.Options { ActionCount = 2, OfflineGradientSteps = 10, BatchSize = 2 };
        var trainer = ml.Synaptic().Trainers.Dqn(offline);

        var missing = ml.Transforms.DropColumns("NextObservation").Fit(Logged(ml)).Transform(Logged(ml));
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(missing));
        StringAssert.Contains(ex.Message, "lack the column 'NextObservation'");

        var outside = Logged(ml, actionAtRow2: 2);
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(outside));
        StringAssert.Contains(ex.Message, "column 'Action' row 2 holds the action 2, which is outside the action space");

        var nan = Logged(ml, rewardAtRow2: double.NaN);
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => trainer.Fit(nan));
        StringAssert.Contains(ex.Message, "column 'Reward' row 2 holds the reward NaN");

        var withEnv = ml.Synaptic().Trainers.Dqn(new DqnTrainer.Options { EnvironmentFactory = () => new RewardedActionEnv(1, observationSize: 1), TotalTimesteps = 10 });
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => withEnv.Fit(outside));
        StringAssert.Contains(ex.Message, "row 2 holds the action 2");
    }

    private static IDataView Logged(MLContext ml, int actionAtRow2 = 1, double rewardAtRow2 = 1) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new EpisodeData.Transition
        {
            Episode = i,
            Observation = [0],
            Action = [i == 2 ? actionAtRow2 : i % 2],
            Reward = i == 2 ? rewardAtRow2 : i % 2,
            Terminated = true,
            NextObservation = [0],
        }), EpisodeData.Schema(1, 1));

    private static IDataView Observations(MLContext ml, int size, int rows = 0) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ => new ObservationRow { Observation = new float[size] }),
            SchemaDefinitionFor(size));

    private static SchemaDefinition SchemaDefinitionFor(int size)
    {
        var schema = SchemaDefinition.Create(typeof(ObservationRow));
        schema[nameof(ObservationRow.Observation)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return schema;
    }

    private static float[] QValues(MLContext ml, PolicyTransformer policy, float[] observation)
    {
        var q = new float[((QNetworkPolicy)policy.Model).Actions];
        ((QNetworkPolicy)policy.Model).QValues(observation, 1, q);
        return q;
    }

    private sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }
}
