using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Tests.Plasticity;

[TestClass]
public sealed class RewardAssociationNetworkTests
{
    private const int Inputs = 20;
    private const int Patterns = 4;
    private const int Outputs = 4;
    private const int TrainingTrials = 800;
    private const int EvaluationTrialsPerPattern = 50;

    private static (AssociationTask Task, RewardAssociationNetwork Network) Build(ulong seed, bool rewardModulated = true)
    {
        var task = AssociationTask.Create(Inputs, Patterns, Outputs, seed);
        var network = new RewardAssociationNetwork(task.Patterns, new RewardAssociationNetwork.Options { Seed = seed, RewardModulated = rewardModulated });
        return (task, network);
    }

    [TestMethod]
    [DataRow(1UL)]
    [DataRow(2UL)]
    [DataRow(3UL)]
    public void LearnsEachPatternsTargetFromRewardAloneToAtLeast95PercentOnHeldOutTrials(ulong seed)
    {
        var (task, network) = Build(seed);
        var before = network.Evaluate(task.Targets, EvaluationTrialsPerPattern);
        var hits = task.Train(network, TrainingTrials);
        var accuracy = network.Evaluate(task.Targets, EvaluationTrialsPerPattern);

        Assert.IsGreaterThanOrEqualTo(0.95, accuracy, $"Seed {seed}: held-out accuracy {accuracy:F3} (before training {before:F3}).");
        // Learning, not luck: the first block of training trials is far below the last.
        var first = hits.Take(100).Count(h => h) / 100.0;
        var last = hits.TakeLast(100).Count(h => h) / 100.0;
        Assert.IsGreaterThan(first + 0.2, last, $"Seed {seed}: training hit rate {first:F2} → {last:F2}.");
    }

    [TestMethod]
    public void TheSeedsUsedForLearningGiveDifferentMappings()
    {
        var mappings = new[] { 1UL, 2UL, 3UL }.Select(s => string.Join(",", AssociationTask.Create(Inputs, Patterns, Outputs, s).Targets)).ToList();
        Assert.AreEqual(3, mappings.Distinct().Count(), string.Join(" | ", mappings));
    }

    [TestMethod]
    public void WithoutTheRewardFactorPlainStdpStaysAtChance()
    {
        // Plain STDP never sees the target, so each pattern's learned response matches its target with
        // probability 1/M. Pooled over 10 seeds that is 40 pattern–target pairs: chance 0.25 ± 3σ,
        // σ = √(0.25·0.75/40) ≈ 0.068. The rewarded network on the same tasks is compared alongside.
        const int seeds = 10;
        double plain = 0, rewarded = 0;
        for (var seed = 1UL; seed <= seeds; seed++)
        {
            var (task, network) = Build(seed, rewardModulated: false);
            task.Train(network, TrainingTrials);
            plain += network.Evaluate(task.Targets, EvaluationTrialsPerPattern) / seeds;

            var (sameTask, learner) = Build(seed);
            sameTask.Train(learner, TrainingTrials);
            rewarded += learner.Evaluate(sameTask.Targets, EvaluationTrialsPerPattern) / seeds;
        }
        var chance = 1.0 / Outputs;
        var bound = 3 * Math.Sqrt(chance * (1 - chance) / (seeds * Patterns));
        Assert.IsLessThanOrEqualTo(bound, Math.Abs(plain - chance), $"Plain STDP accuracy {plain:F3}; chance {chance} ± {bound:F3}.");
        Assert.IsGreaterThanOrEqualTo(0.95, rewarded, $"Reward-modulated accuracy over the same seeds {rewarded:F3}.");
    }

    [TestMethod]
    public void AHitStrengthensAndAMissWeakensTheChosenOutputsSynapsesFromThePattern()
    {
        foreach (var (reward, sign) in new[] { (1f, 1), (-1f, -1) })
        {
            var task = AssociationTask.Create(Inputs, Patterns, Outputs, seed: 5);
            var network = new RewardAssociationNetwork(task.Patterns, new RewardAssociationNetwork.Options { Seed = 5, HitReward = 1f, MissReward = -1f });
            var before = network.Weights.ToArray();
            var chosen = network.Trial(0);
            // Name the chosen output the target for a hit, another one for a miss; the same seed replays the same trial.
            network = new RewardAssociationNetwork(task.Patterns, new RewardAssociationNetwork.Options { Seed = 5, HitReward = 1f, MissReward = -1f });
            var target = reward > 0 ? chosen : (chosen + 1) % Outputs;
            Assert.AreEqual(chosen, network.Trial(0, target));
            var after = network.Weights.ToArray();
            var change = task.Patterns[0].Sum(j => after[chosen * Inputs + j] - before[chosen * Inputs + j]);
            Assert.AreEqual(sign, Math.Sign(change), $"Reward {reward}: summed change {change} of output {chosen}'s synapses from pattern 0.");
            Assert.AreEqual(0.2f * reward, network.Baseline(0), 1e-6f, "R̄ ← 0 + α·(R − 0) with α = 0.2.");
        }
    }

    [TestMethod]
    public void TrialsWithoutATargetAndEvaluationDoNotChangeTheWeights()
    {
        var (task, network) = Build(4);
        var before = network.Weights.ToArray();
        network.Trial(2);
        network.Evaluate(task.Targets, 5);
        CollectionAssert.AreEqual(before, network.Weights.ToArray());
        Assert.AreEqual(0f, network.Baseline(2));
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameWeightsAndChoices()
    {
        var (taskA, a) = Build(8);
        var (taskB, b) = Build(8);
        var hitsA = taskA.Train(a, 200);
        var hitsB = taskB.Train(b, 200);
        CollectionAssert.AreEqual(hitsA, hitsB);
        CollectionAssert.AreEqual(a.Weights.ToArray(), b.Weights.ToArray());

        var (taskC, c) = Build(9);
        taskC.Train(c, 200);
        CollectionAssert.AreNotEqual(a.Weights.ToArray(), c.Weights.ToArray());
    }

    [TestMethod]
    public void WeightsStayWithinTheirBoundsEvenUnderLargeUpdates()
    {
        var task = AssociationTask.Create(Inputs, Patterns, Outputs, seed: 6);
        var options = new RewardAssociationNetwork.Options { Seed = 6, LearningRate = 20f, WeightMin = 0.1f, WeightMax = 0.8f, InitialWeightMin = 0.4f, InitialWeightMax = 0.6f };
        var network = new RewardAssociationNetwork(task.Patterns, options);
        task.Train(network, 100);
        var atBound = 0;
        foreach (var w in network.Weights)
        {
            Assert.IsTrue(w is >= 0.1f and <= 0.8f, $"Weight {w} outside [0.1, 0.8].");
            if (w is 0.1f or 0.8f)
                atBound++;
        }
        Assert.IsGreaterThan(10, atBound, "With η = 20 many weights must reach a bound.");
    }

    [TestMethod]
    public void BadOptionsAreRejectedByName()
    {
        int[][] patterns = [[0, 1], [2, 3]];
        string ParamName(RewardAssociationNetwork.Options o) =>
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RewardAssociationNetwork(patterns, o)).ParamName!;

        Assert.AreEqual("InputCount", ParamName(new() { InputCount = 0 }));
        Assert.AreEqual("OutputCount", ParamName(new() { OutputCount = 1 }));
        Assert.AreEqual("TrialSteps", ParamName(new() { TrialSteps = 0 }));
        Assert.AreEqual("ActiveRate", ParamName(new() { ActiveRate = 1.5f }));
        Assert.AreEqual("BackgroundRate", ParamName(new() { BackgroundRate = -0.1f }));
        Assert.AreEqual("MembraneTimeConstant", ParamName(new() { MembraneTimeConstant = 0.5f }));
        Assert.AreEqual("NoiseStd", ParamName(new() { NoiseStd = float.NaN }));
        Assert.AreEqual("LateralInhibition", ParamName(new() { LateralInhibition = -1f }));
        Assert.AreEqual("WeightMin", ParamName(new() { WeightMin = -0.1f }));
        Assert.AreEqual("WeightMax", ParamName(new() { WeightMax = 0f }));
        Assert.AreEqual("InitialWeightMin", ParamName(new() { InitialWeightMin = 2f }));
        Assert.AreEqual("InitialWeightMax", ParamName(new() { InitialWeightMin = 0.5f, InitialWeightMax = 0.4f }));
        Assert.AreEqual("LearningRate", ParamName(new() { LearningRate = -1f }));
        Assert.AreEqual("BaselineRate", ParamName(new() { BaselineRate = 2f }));
        Assert.AreEqual("HitReward", ParamName(new() { HitReward = float.PositiveInfinity }));
        Assert.AreEqual("MissReward", ParamName(new() { MissReward = 1f }));
        var message = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RewardAssociationNetwork(patterns, new() { TrialSteps = -3 })).Message;
        StringAssert.Contains(message, "-3");
    }

    [TestMethod]
    public void BadPatternsTargetsAndTrialsAreRejected()
    {
        var options = new RewardAssociationNetwork.Options { InputCount = 4 };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RewardAssociationNetwork([[0, 4]], options)).Message, "input 4");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RewardAssociationNetwork([[1, 1]], options)).Message, "twice");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RewardAssociationNetwork([[0], []], options)).Message, "Pattern 1");
        Assert.ThrowsExactly<ArgumentException>(() => new RewardAssociationNetwork([], options));

        var network = new RewardAssociationNetwork([[0, 1], [2, 3]], options);
        Assert.AreEqual("pattern", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => network.Trial(2)).ParamName);
        Assert.AreEqual("target", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => network.Trial(0, 4)).ParamName);
        Assert.AreEqual("targets", Assert.ThrowsExactly<ArgumentException>(() => network.Evaluate([0], 5)).ParamName);
        Assert.AreEqual("trialsPerPattern", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => network.Evaluate([0, 1], 0)).ParamName);
        Assert.AreEqual("inputCount", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AssociationTask.Create(3, 4, 4, 1)).ParamName);
    }

    [TestMethod]
    public void TaskPatternsAreDisjointAndTargetsAreDistinctOutputs()
    {
        var task = AssociationTask.Create(Inputs, Patterns, Outputs, seed: 11);
        var all = task.Patterns.SelectMany(p => p).ToList();
        Assert.AreEqual(Inputs, all.Count);
        Assert.AreEqual(Inputs, all.Distinct().Count());
        Assert.IsTrue(task.Patterns.All(p => p.Length == Inputs / Patterns));
        Assert.AreEqual(Patterns, task.Targets.Distinct().Count());
        Assert.IsTrue(task.Targets.All(t => t is >= 0 and < Outputs));
    }
}
