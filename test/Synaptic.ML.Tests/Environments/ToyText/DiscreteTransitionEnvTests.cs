using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>
/// The tabular base: steps follow P[s][a] and resets follow the initial distribution (frequencies
/// within a 5-sigma binomial bound of the probabilities), seeding is reproducible, the state and
/// actions are validated, bad tables are refused, and stepping allocates nothing.
/// </summary>
[TestClass]
public sealed class DiscreteTransitionEnvTests
{
    // 5 standard deviations: a correct sampler fails one outcome in ~1.7 million.
    private const double Sigmas = 5;

    [TestMethod]
    public void SlipperyFrozenLakeStepsFollowTheTransitionTableInEveryStateAndAction()
    {
        var env = new FrozenLake("4x4", isSlippery: true);
        AssertStepsFollowTable(env, trials: 3000, seed: 11);
    }

    [TestMethod]
    public void SlipperyLakeWithUnevenSuccessRateFollowsTheTable()
    {
        var env = new FrozenLake("4x4", isSlippery: true, successRate: 0.8);
        Assert.AreEqual(0.8, env.TransitionTable[6][1][1].Probability);
        AssertStepsFollowTable(env, trials: 3000, seed: 12);
    }

    [TestMethod]
    public void SlipperyCliffWalkingStepsFollowTheTransitionTable()
    {
        AssertStepsFollowTable(new CliffWalking(isSlippery: true), trials: 1500, seed: 13);
    }

    [TestMethod]
    public void ResetDrawsTaxiStartsUniformlyFromTheInitialDistribution()
    {
        var env = new Taxi();
        const int resets = 60_000;
        var counts = new int[env.StateCount];
        var observation = new float[1];
        env.Reset(observation, seed: 5);
        for (var i = 0; i < resets; i++)
        {
            env.Reset(observation);
            Assert.AreEqual(env.State, (int)observation[0]);
            counts[env.State]++;
        }
        AssertFrequencies(counts, env.InitialStateDistribution, resets, "Taxi reset");
        Assert.AreEqual(300, counts.Count(c => c > 0));
    }

    [TestMethod]
    public void ResetSplitsStartsOverSeveralStartTiles()
    {
        var env = new FrozenLake(map: ["SFS", "FHF", "FFG"]);
        Assert.AreEqual(0.5, env.InitialStateDistribution[0]);
        Assert.AreEqual(0.5, env.InitialStateDistribution[2]);
        var counts = new int[env.StateCount];
        env.Reset(seed: 3);
        for (var i = 0; i < 20_000; i++)
        {
            env.Reset();
            counts[env.State]++;
        }
        AssertFrequencies(counts, env.InitialStateDistribution, 20_000, "two starts");
    }

    [TestMethod]
    public void StepInfoReportsTheProbabilityOfTheOutcomeTaken()
    {
        var env = new FrozenLake("4x4", isSlippery: true, successRate: 0.5);
        env.Reset(seed: 1);
        Assert.AreEqual(1.0, env.Info["prob"]);
        var seen = new HashSet<double>();
        for (var i = 0; i < 200; i++)
        {
            env.Reset();
            env.State = 6;
            var result = env.Step(1);
            // From 6, moving down reaches 10 (intended, 0.5); right 7 and left 5 are the slips (0.25).
            var expected = (int)result.Observation[0] == 10 ? 0.5 : 0.25;
            Assert.AreEqual(expected, (double)result.Info["prob"]);
            seen.Add(expected);
        }
        Assert.HasCount(2, seen);
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameEpisode()
    {
        static int[] Episode(int seed)
        {
            var env = new FrozenLake("8x8", isSlippery: true);
            var states = new List<int> { (int)env.Reset(seed)[0] };
            for (var i = 0; i < 200 && !env.NeedsReset; i++)
                states.Add((int)env.Step(i % 4).Observation[0]);
            return [.. states];
        }

        CollectionAssert.AreEqual(Episode(42), Episode(42));
        Assert.IsTrue(Enumerable.Range(0, 10).Any(seed => !Episode(seed).SequenceEqual(Episode(42))));
    }

    [TestMethod]
    public void StateCanBeSetAndIsValidated()
    {
        var env = new CliffWalking();
        env.Reset(seed: 0);
        Assert.AreEqual(CliffWalking.StartState, env.State);
        env.State = 35;
        var result = env.Step(2);
        Assert.AreEqual(CliffWalking.GoalState, (int)result.Observation[0]);
        Assert.IsTrue(result.Terminated);

        var tooLarge = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.State = 48);
        Assert.Contains("CliffWalking-v1", tooLarge.Message);
        Assert.Contains("48", tooLarge.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.State = -1);
    }

    [TestMethod]
    public void ActionsOutOfRangeAreRefusedNamingTheEnvironment()
    {
        DiscreteTransitionEnv[] envs = [new Taxi(), new FrozenLake(), new CliffWalking()];
        foreach (var env in envs)
        {
            env.Reset(seed: 0);
            foreach (var action in new[] { -1f, env.ActionCount, 1.5f, float.NaN })
            {
                var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Step([action]), $"{env.Id} action {action}");
                Assert.Contains(env.Id, error.Message);
            }
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Step([0f, 1f]));
        }
    }

    [TestMethod]
    public void StepBeforeResetIsRefused()
    {
        var env = new Taxi();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(0));
        Assert.Contains("Taxi-v3", error.Message);
    }

    [TestMethod]
    public void MalformedTablesAreRefusedNamingTheStateAndAction()
    {
        Transition[] ok = [new(1.0, 0, 0, false)];
        Assert.Contains("state 1", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [[new(0.5, 1, 0, false)]]], [1, 0])).Message);
        Assert.Contains("state 2", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [[new(1, 2, 0, false)]]], [1, 0])).Message);
        Assert.Contains("2 actions", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [ok, ok]], [1, 0])).Message);
        Assert.Contains("no outcomes", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [[]]], [1, 0])).Message);
        Assert.Contains("1 entries", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [ok]], [1])).Message);
        Assert.Contains("sums to", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([[ok], [ok]], [0.5, 0.4])).Message);
        Assert.Contains("no states", Assert.ThrowsExactly<ArgumentException>(() => new TableEnv([], [])).Message);
    }

    private static void AssertStepsFollowTable(DiscreteTransitionEnv env, int trials, int seed)
    {
        var observation = new float[1];
        var action = new float[1];
        env.Reset(observation, seed);
        for (var s = 0; s < env.StateCount; s++)
        {
            for (var a = 0; a < env.ActionCount; a++)
            {
                // Outcomes are told apart by what a step shows: next state, reward and termination
                // (a slip along the cliff edge and a fall both return to the start, with different rewards).
                var outcomes = env.TransitionTable[s][a].Select(t => (t.NextState, t.Reward, t.Terminated)).Distinct().ToList();
                var expected = outcomes.Select(o => env.TransitionTable[s][a].Where(t => (t.NextState, t.Reward, t.Terminated) == o).Sum(t => t.Probability)).ToArray();
                var counts = new int[outcomes.Count];
                action[0] = a;
                for (var i = 0; i < trials; i++)
                {
                    if (env.NeedsReset)
                        env.Reset(observation);
                    env.State = s;
                    var step = env.Step(action, observation);
                    var next = (int)observation[0];
                    Assert.AreEqual(next, env.State);
                    var k = outcomes.IndexOf((next, step.Reward, step.Terminated));
                    Assert.IsGreaterThanOrEqualTo(0, k, $"{env.Id} P[{s}][{a}] has no outcome ({next}, {step.Reward}, {step.Terminated}).");
                    counts[k]++;
                }
                AssertFrequencies(counts, expected, trials, $"{env.Id} P[{s}][{a}]");
            }
        }
    }

    private static void AssertFrequencies(int[] counts, IReadOnlyList<double> probabilities, int trials, string what)
    {
        for (var s = 0; s < counts.Length; s++)
        {
            var p = probabilities[s];
            if (p == 0)
            {
                Assert.AreEqual(0, counts[s], $"{what}: outcome {s} has probability 0 but was drawn.");
                continue;
            }
            var mean = trials * p;
            var bound = Sigmas * Math.Sqrt(trials * p * (1 - p)) + 1;
            Assert.IsLessThanOrEqualTo(bound, Math.Abs(counts[s] - mean), $"{what}: outcome {s} drawn {counts[s]} times in {trials}; expected {mean:F1} ± {bound:F1}.");
        }
    }

    private sealed class TableEnv(Transition[][][] table, double[] initial) : DiscreteTransitionEnv("Table-v0", table, initial);
}
