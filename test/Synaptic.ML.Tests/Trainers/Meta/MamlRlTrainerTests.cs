using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Tests.Trainers.Contract;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Meta;

/// <summary>
/// MAML-RL: the meta-gradient through the inner policy-gradient step (against finite differences, and against the
/// first-order one), adaptation (deterministic, saved and loaded as any policy), the history, and bad input named.
/// </summary>
[TestClass]
public sealed class MamlRlTrainerTests : TempDirectoryTest
{
    private static MetaRlTaskDistribution Grid => MamlRlContractTests.SmallGrid;

    private static MamlRlTrainer.Options Small(int seed = 1) => new()
    {
        Tasks = Grid,
        Policy = new MlpPolicyOptions { HiddenSizes = [8] },
        InnerEpisodes = 4,
        MetaBatchSize = 2,
        MetaIterations = 3,
        Seed = seed,
    };

    private static IDataView Data(MLContext ml) => ml.Synaptic().Data.Rollout(Grid.Sample(0)(), episodes: 1);

    [TestMethod]
    public void TheSecondOrderMetaGradientMatchesFiniteDifferencesAndTheFirstOrderOneDropsItsHessianTerm()
    {
        using var scope = NewDisposeScope();
        var architecture = new PolicyArchitecture(new MlpPolicyOptions { HiddenSizes = [4] }, null, 3, new CategoricalHead(3), 0);
        var inner = new MamlRlInnerLoop(architecture, 0.9, 4, MetaRlBaseline.None, normalizeAdvantages: false, innerLearningRate: 0.7);
        using var generator = new Generator(5);
        Tensor Random(params long[] shape) => randn(shape, ScalarType.Float64, generator: generator);
        Tensor[] theta = [Random(4, 3), Random(4), Random(3, 4), Random(3)];
        // Fixed batches of trajectories: observations, actions and advantages of the inner step (1) and of the meta-loss (2).
        var (s1, a1, adv1) = (Random(6, 3), randint(0, 3, [6, 1], generator: generator).to(ScalarType.Float64), Random(6));
        var (s2, a2, adv2) = (Random(5, 3), randint(0, 3, [5, 1], generator: generator).to(ScalarType.Float64), Random(5));

        double MetaLoss(Tensor[] weights, bool secondOrder) =>
            inner.Loss(inner.Step(weights, inner.Loss(weights, s1, a1, adv1), secondOrder), s2, a2, adv2).item<double>();

        Tensor[] MetaGradient(bool secondOrder)
        {
            var weights = theta.Select(t => t.detach().clone().requires_grad_(true)).ToArray();
            var loss = inner.Loss(inner.Step(weights, inner.Loss(weights, s1, a1, adv1), secondOrder), s2, a2, adv2);
            return [.. autograd.grad([loss], weights)];
        }

        var secondOrder = MetaGradient(secondOrder: true);
        const double epsilon = 1e-6;
        var checkedCount = 0;
        for (var i = 0; i < theta.Length; i++)
        {
            var flat = theta[i].detach().flatten();
            for (var j = 0; j < flat.shape[0]; j++)
            {
                double Shifted(double by)
                {
                    var weights = theta.Select(t => t.detach().clone().requires_grad_(true)).ToArray();
                    using (no_grad())
                        weights[i].view(-1)[j].add_(by);
                    return MetaLoss(weights, secondOrder: true);
                }

                var finiteDifference = (Shifted(epsilon) - Shifted(-epsilon)) / (2 * epsilon);
                var analytic = secondOrder[i].view(-1)[j].item<double>();
                Assert.AreEqual(finiteDifference, analytic, 1e-6 + 1e-5 * Math.Abs(finiteDifference), $"∂L/∂θ of tensor {i}, element {j}.");
                checkedCount++;
            }
        }
        Assert.AreEqual(4 * 3 + 4 + 3 * 4 + 3, checkedCount);

        var firstOrder = MetaGradient(secondOrder: false);
        var difference = secondOrder.Zip(firstOrder, (a, b) => (a - b).abs().max().item<double>()).Max();
        Assert.IsGreaterThan(1e-3, difference, "The first-order meta-gradient leaves out the inner step's Hessian term, which is not negligible here.");
    }

    [TestMethod]
    public void OnRealEpisodesTheMetaGradientFlowsThroughTheInnerPolicyGradientStep()
    {
        using var scope = NewDisposeScope();
        using var torchScope = Synaptic.ML.Torch.TorchScope.Enter(1);
        var architecture = new PolicyArchitecture(new MlpPolicyOptions { HiddenSizes = [8] }, null, 9, new CategoricalHead(4), 0);
        var inner = new MamlRlInnerLoop(architecture, 0.99, 6, MetaRlBaseline.MeanReturn, normalizeAdvantages: true, innerLearningRate: 0.5);
        var network = architecture.Build(7);
        var task = Grid.Sample(3);

        Tensor[] MetaGradient(bool secondOrder)
        {
            var theta = network.parameters().Select(p => p.detach().clone().requires_grad_(true)).ToArray();
            // The same weights' values and seeds give the same episodes, so the two gradients differ only in the Hessian term.
            var (innerLoss, _) = inner.EpisodeLoss(theta, task, 11, "inner");
            var adapted = inner.Step(theta, innerLoss, secondOrder);
            var (outerLoss, _) = inner.EpisodeLoss(adapted, task, 12, "outer");
            return [.. autograd.grad([outerLoss], theta)];
        }

        var second = MetaGradient(true);
        var first = MetaGradient(false);
        Assert.IsGreaterThan(0.0, first.Max(g => g.abs().max().item<float>()), "The first-order meta-gradient is not zero.");
        var difference = second.Zip(first, (a, b) => (a - b).abs().max().item<float>()).Max();
        Assert.IsGreaterThan(1e-5f, difference, "Second order differentiates through the inner step's gradient.");
    }

    [TestMethod]
    public void TheHistoryHasTheReturnsBeforeAndAfterAdaptationAndTheMetaLossOfEveryMetaIteration()
    {
        var ml = new MLContext(seed: 0);
        var options = Small();
        options.EvaluationInterval = 2;
        using var policy = ml.Synaptic().Trainers.MamlReinforcement(options).Fit(Data(ml));
        var history = policy.TrainingHistory!;
        foreach (var key in new[] { MetaRlMetricKeys.ReturnBeforeAdaptation, MetaRlMetricKeys.ReturnAfterAdaptation, MetricKeys.Loss })
        {
            var (steps, values) = history.Series(key);
            CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, steps, key);
            Assert.IsTrue(values.All(double.IsFinite), key);
        }
        CollectionAssert.AreEqual(new long[] { 2, 3 }, history.Series(MetricKeys.EvaluationMeanReturn).Steps, "Evaluations every 2 meta-iterations and after the last.");
    }

    [TestMethod]
    public void ZeroMetaIterationsGiveTheUntrainedInitialPolicyOfThatSeed()
    {
        var ml = new MLContext(seed: 0);
        var options = Small(seed: 4);
        options.MetaIterations = 0;
        using var untrained = ml.Synaptic().Trainers.MamlReinforcement(options).Fit(Data(ml));
        var expected = new PolicyArchitecture(options.Policy, null, 9, new CategoricalHead(4), 0).Build(4);
        CollectionAssert.AreEqual(Weights(expected.parameters()), Weights(untrained.Module.parameters()));
    }

    [TestMethod]
    public void AdaptationIsDeterministicChangesTheWeightsAndTheAdaptedPolicyRoundTripsThroughAZip()
    {
        var ml = new MLContext(seed: 0);
        var trainer = ml.Synaptic().Trainers.MamlReinforcement(Small());
        using var initial = trainer.Fit(Data(ml));
        var task = Grid.Sample(42);
        using var adapted = trainer.Adapt(initial, task, steps: 2, seed: 7);
        using var again = trainer.Adapt(initial, task, steps: 2, seed: 7);
        using var unadapted = trainer.Adapt(initial, task, steps: 0, seed: 7);
        CollectionAssert.AreEqual(Weights(adapted.Module.parameters()), Weights(again.Module.parameters()), "The same seed adapts the same way.");
        CollectionAssert.AreNotEqual(Weights(initial.Module.parameters()), Weights(adapted.Module.parameters()), "Adaptation moves the weights.");
        CollectionAssert.AreEqual(Weights(initial.Module.parameters()), Weights(unadapted.Module.parameters()), "Zero steps copy the policy.");
        Assert.IsInstanceOfType<ActorCriticPolicy>(adapted.Model, "The adapted policy is of the shared family.");

        var path = Path.Combine(Dir, "adapted.zip");
        var observations = OneHotCells(ml, 9);
        ml.Model.Save(adapted, observations.Schema, path);
        using var loaded = (PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        CollectionAssert.AreEqual(Probabilities(adapted, observations), Probabilities(loaded, observations), "The loaded policy scores every cell the same.");
        var evaluation = ml.Synaptic().Evaluate(loaded, task, episodes: 2);
        Assert.AreEqual(ml.Synaptic().Evaluate(adapted, task, episodes: 2).MeanReturn, evaluation.MeanReturn, "…and plays the same.");
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(0.0)]
    [DataRow(-0.1)]
    public void AnInnerLearningRateThatIsNotPositiveAndFiniteIsNamed(double rate)
    {
        var options = Small();
        options.InnerLearningRate = rate;
        var ex = Assert.Throws<ArgumentException>(() => new MLContext(seed: 0).Synaptic().Trainers.MamlReinforcement(options));
        StringAssert.Contains(ex.Message, "InnerLearningRate");
        StringAssert.Contains(ex.Message, rate.ToString(System.Globalization.CultureInfo.CurrentCulture));
    }

    [TestMethod]
    public void ZeroInnerStepsWithSecondOrderAreRefusedAndWithFirstOrderTrainTheTaskMixture()
    {
        var options = Small();
        options.InnerSteps = 0;
        var ex = Assert.Throws<ArgumentException>(() => new MLContext(seed: 0).Synaptic().Trainers.MamlReinforcement(options));
        StringAssert.Contains(ex.Message, "InnerSteps");
        StringAssert.Contains(ex.Message, "FirstOrder");

        options.FirstOrder = true;
        var ml = new MLContext(seed: 0);
        using var policy = ml.Synaptic().Trainers.MamlReinforcement(options).Fit(Data(ml));
        var (before, after) = (policy.TrainingHistory!.Series(MetaRlMetricKeys.ReturnBeforeAdaptation).Values, policy.TrainingHistory.Series(MetaRlMetricKeys.ReturnAfterAdaptation).Values);
        CollectionAssert.AreEqual(before, after, "With no inner step the returns before and after adaptation are those of the same episodes.");
    }

    [TestMethod]
    public void MissingTasksAreNamed()
    {
        var options = Small();
        options.Tasks = null;
        var ex = Assert.Throws<ArgumentException>(() => new MLContext(seed: 0).Synaptic().Trainers.MamlReinforcement(options));
        StringAssert.Contains(ex.Message, "Tasks");
    }

    [TestMethod]
    public void ATaskWhoseObservationSpaceDiffersFromTheFamilysIsNamedInFitAndInAdapt()
    {
        var small = GridWorldMap.Parse("S..", "...", "..G");
        var large = GridWorldMap.Parse("S...", "....", "....", "...G");
        // Seed 0 (the probe) is 3×3; any odd seed is 4×4.
        var mixed = new MetaRlTaskDistribution("mixed sizes", seed =>
            () => new TimeLimit(GridWorld.ForTask(seed % 2 == 0 ? small : large, new GridWorld.Options { Observation = GridWorldObservation.OneHot }), 8));
        var options = Small();
        options.Tasks = mixed;
        options.MetaBatchSize = 8;
        var ml = new MLContext(seed: 0);
        var trainer = ml.Synaptic().Trainers.MamlReinforcement(options);
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(Data(ml)));
        StringAssert.Contains(ex.Message, "of 'mixed sizes'");
        StringAssert.Contains(ex.Message, "has 16 values; the policy takes 9");

        options.Tasks = Grid;
        using var policy = trainer.Fit(Data(ml));
        var adaptEx = Assert.Throws<ArgumentException>(() => trainer.Adapt(policy, mixed.Sample(1), steps: 1, seed: 0));
        StringAssert.Contains(adaptEx.Message, "Adaptation step 0");
        StringAssert.Contains(adaptEx.Message, "has 16 values; the policy takes 9");
    }

    [TestMethod]
    public void ATaskWithAnotherActionSpaceIsNamed()
    {
        var ml = new MLContext(seed: 0);
        var trainer = ml.Synaptic().Trainers.MamlReinforcement(Small());
        using var policy = trainer.Fit(Data(ml));
        // Nine observations as the 3×3 grid's, but two actions rather than four.
        Func<Env> twoActions = () => new RewardedActionEnv(5, observationSize: 9);
        var ex = Assert.Throws<ArgumentException>(() => trainer.Adapt(policy, twoActions, steps: 1, seed: 0));
        StringAssert.Contains(ex.Message, "the policy acts in Discrete(4)");
    }

    private static float[] Weights(IEnumerable<TorchSharp.Modules.Parameter> parameters) =>
        parameters.SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    private static IDataView OneHotCells(MLContext ml, int cells)
    {
        var rows = Enumerable.Range(0, cells).Select(c =>
        {
            var observation = new float[cells];
            observation[c] = 1;
            return new Row { Observation = observation };
        });
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Observation)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, cells);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static float[] Probabilities(PolicyTransformer policy, IDataView observations) =>
        policy.Transform(observations).GetColumn<VBuffer<float>>(policy.Columns.NameOf(PolicyOutputRoles.ActionProbabilities))
            .SelectMany(v => v.DenseValues()).ToArray();

    private sealed class Row
    {
        public float[] Observation { get; set; } = [];
    }
}
