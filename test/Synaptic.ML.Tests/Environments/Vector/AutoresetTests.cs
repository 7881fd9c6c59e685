using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;

namespace Synaptic.ML.Tests.Environments.Vector;

[TestClass]
public sealed class AutoresetTests
{
    private const int Seed = 7;

    // Sub-environment 0 ends its episodes after 2 steps, sub-environment 1 after 3. Step t sends
    // action t % 3 to sub-environment 0 and (t + 1) % 3 to sub-environment 1; reward = 10·step + action.
    private static SyncVectorEnv TwoCountdowns(AutoresetMode mode, bool truncate = false)
    {
        var lengths = new Queue<int>([2, 3]);
        return new SyncVectorEnv(() => new CountdownEnv(lengths.Dequeue(), truncate), 2, mode);
    }

    private static float[] Actions(int t) => [t % 3, (t + 1) % 3];

    /// <summary>The draws a standalone sub-environment makes at its first resets after Reset(seed).</summary>
    private static float[] Draws(int seed, int resets)
    {
        var env = new CountdownEnv(1);
        var draws = new float[resets];
        draws[0] = env.Reset(seed)[2];
        for (var k = 1; k < resets; k++)
        {
            env.Step(0);
            draws[k] = env.Reset()[2];
        }
        return draws;
    }

    [TestMethod]
    public void NextStep_EndingStepKeepsLastObservation_FollowingStepResetsWithZeroRewardAndIgnoresAction()
    {
        using var envs = TwoCountdowns(AutoresetMode.NextStep);
        float[] d0 = Draws(Seed, 3), d1 = Draws(Seed + 1, 2);
        envs.Reset(Seed);
        CollectionAssert.AreEqual(new float[] { 1, 0, d0[0], 1, 0, d1[0] }, envs.Observations);

        // Per step: sub-environment 0 then 1, each (episode, step in episode, draw, reward, terminated, autoreset).
        var expected = new (float Episode, float Step, float Draw, double Reward, bool Terminated, bool AutoReset)[][]
        {
            [(1, 1, d0[0], 11, false, false), (1, 1, d1[0], 12, false, false)],
            [(1, 2, d0[0], 22, true, false), (1, 2, d1[0], 20, false, false)],
            [(2, 0, d0[1], 0, false, true), (1, 3, d1[0], 31, true, false)],
            [(2, 1, d0[1], 11, false, false), (2, 0, d1[1], 0, false, true)],
            [(2, 2, d0[1], 22, true, false), (2, 1, d1[1], 10, false, false)],
            [(3, 0, d0[2], 0, false, true), (2, 2, d1[1], 21, false, false)],
        };
        for (var t = 1; t <= expected.Length; t++)
        {
            envs.Step(Actions(t));
            for (var i = 0; i < 2; i++)
            {
                var e = expected[t - 1][i];
                var label = $"step {t}, sub-environment {i}";
                CollectionAssert.AreEqual(new[] { e.Episode, e.Step, e.Draw }, envs.Observations.AsSpan(3 * i, 3).ToArray(), label);
                Assert.AreEqual(e.Reward, envs.Rewards[i], label);
                Assert.AreEqual(e.Terminated, envs.Terminated[i], label);
                Assert.IsFalse(envs.Truncated[i], label);
                Assert.AreEqual(e.AutoReset, envs.AutoReset[i], label);
                if (e.Terminated)
                    CollectionAssert.AreEqual(new[] { e.Episode, e.Step, e.Draw }, envs.FinalObservations.AsSpan(3 * i, 3).ToArray(), label);
            }
        }
        // The reset steps (t = 3 and t = 6 for sub-environment 0, t = 4 for 1) did not step the environments.
        Assert.AreEqual(4, ((CountdownEnv)envs.Envs[0]).StepCalls);
        Assert.AreEqual(5, ((CountdownEnv)envs.Envs[1]).StepCalls);
    }

    [TestMethod]
    public void SameStep_EndingStepReturnsResetObservationWithItsRewardAndFlags_FinalObservationKept()
    {
        using var envs = TwoCountdowns(AutoresetMode.SameStep);
        float[] d0 = Draws(Seed, 4), d1 = Draws(Seed + 1, 3);
        envs.Reset(Seed);

        // (episode, step, draw) of the returned observation, reward, terminated, and the final observation when terminated.
        var expected = new (float[] Observation, double Reward, bool Terminated, float[]? Final)[][]
        {
            [([1, 1, d0[0]], 11, false, null), ([1, 1, d1[0]], 12, false, null)],
            [([2, 0, d0[1]], 22, true, [1, 2, d0[0]]), ([1, 2, d1[0]], 20, false, null)],
            [([2, 1, d0[1]], 10, false, null), ([2, 0, d1[1]], 31, true, [1, 3, d1[0]])],
            [([3, 0, d0[2]], 21, true, [2, 2, d0[1]]), ([2, 1, d1[1]], 12, false, null)],
            [([3, 1, d0[2]], 12, false, null), ([2, 2, d1[1]], 20, false, null)],
            [([4, 0, d0[3]], 20, true, [3, 2, d0[2]]), ([3, 0, d1[2]], 31, true, [2, 3, d1[1]])],
        };
        for (var t = 1; t <= expected.Length; t++)
        {
            envs.Step(Actions(t));
            for (var i = 0; i < 2; i++)
            {
                var e = expected[t - 1][i];
                var label = $"step {t}, sub-environment {i}";
                CollectionAssert.AreEqual(e.Observation, envs.Observations.AsSpan(3 * i, 3).ToArray(), label);
                Assert.AreEqual(e.Reward, envs.Rewards[i], label);
                Assert.AreEqual(e.Terminated, envs.Terminated[i], label);
                Assert.IsFalse(envs.Truncated[i], label);
                Assert.AreEqual(e.Terminated, envs.AutoReset[i], label);
                if (e.Final is not null)
                    CollectionAssert.AreEqual(e.Final, envs.FinalObservations.AsSpan(3 * i, 3).ToArray(), label);
            }
        }
        // Every call stepped every sub-environment: no action is ignored in this mode.
        Assert.AreEqual(6, ((CountdownEnv)envs.Envs[0]).StepCalls);
        Assert.AreEqual(6, ((CountdownEnv)envs.Envs[1]).StepCalls);
    }

    [TestMethod]
    public void Truncation_AutoresetsLikeTermination_AndSetsOnlyTruncated()
    {
        foreach (var mode in new[] { AutoresetMode.NextStep, AutoresetMode.SameStep })
        {
            using var envs = TwoCountdowns(mode, truncate: true);
            envs.Reset(Seed);
            envs.Step(Actions(1));
            envs.Step(Actions(2));
            Assert.IsTrue(envs.Truncated[0], $"{mode}");
            Assert.IsFalse(envs.Terminated[0], $"{mode}");
            Assert.AreEqual(22, envs.Rewards[0], $"{mode}");
            envs.Step(Actions(3));
            Assert.AreEqual(mode == AutoresetMode.NextStep ? 0 : 10, envs.Rewards[0], $"{mode}");
            Assert.AreEqual(mode == AutoresetMode.NextStep ? 0f : 1f, envs.Observations[1], $"{mode}: step in the second episode");
            Assert.AreEqual(2f, envs.Observations[0], $"{mode}: episode number");
        }
    }

    [TestMethod]
    public void Reset_SeedsSubEnvironmentIWithSeedPlusI_AndUnseededResetContinuesEachGenerator()
    {
        using var envs = new SyncVectorEnv(() => new CountdownEnv(5), 4);
        envs.Reset(100);
        var afterSeeded = envs.Observations.ToArray();
        envs.Reset();
        for (var i = 0; i < 4; i++)
        {
            var draws = Draws(100 + i, 2);
            Assert.AreEqual(draws[0], afterSeeded[3 * i + 2], $"sub-environment {i} after Reset(100)");
            Assert.AreEqual(draws[1], envs.Observations[3 * i + 2], $"sub-environment {i} after Reset()");
        }
        Assert.AreNotEqual(afterSeeded[2], afterSeeded[5], "different seeds should give different draws here");
    }

    [TestMethod]
    public void Reset_ClearsPendingAutoresetAndFlags()
    {
        using var envs = TwoCountdowns(AutoresetMode.NextStep);
        envs.Reset(Seed);
        envs.Step(Actions(1));
        envs.Step(Actions(2));
        Assert.IsTrue(envs.Terminated[0]);
        envs.Reset(Seed);
        Assert.IsFalse(envs.Terminated[0]);
        Assert.AreEqual(0, envs.Rewards[0]);
        envs.Step(Actions(1));
        // A real step of the new episode, not a pending autoreset.
        Assert.AreEqual(1f, envs.Observations[1]);
        Assert.AreEqual(11, envs.Rewards[0]);
        Assert.IsFalse(envs.AutoReset[0]);
    }
}
