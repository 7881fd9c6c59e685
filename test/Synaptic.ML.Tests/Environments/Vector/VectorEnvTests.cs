using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Vector;

[TestClass]
public sealed class VectorEnvTests
{
    [TestMethod]
    public void SyncStep_AllocatesNothing_OverManyStepsWithAutoresets()
    {
        foreach (var mode in new[] { AutoresetMode.NextStep, AutoresetMode.SameStep })
        {
            var count = 0;
            using var envs = new SyncVectorEnv(() => new CountdownEnv(3 + count++ % 4), 8, mode);
            var actions = new float[8];
            envs.Reset(1);
            Run(envs, actions, 200);

            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(envs, actions, 20_000);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.AreEqual(0L, allocated, $"{mode}: 20000 steps of 8 sub-environments allocated {allocated} bytes.");
            Assert.IsGreaterThan(1000, ((CountdownEnv)envs.Envs[0]).Episodes, "the run should cross many autoresets");
        }

        static void Run(VectorEnv envs, float[] actions, int steps)
        {
            for (var t = 0; t < steps; t++)
            {
                for (var i = 0; i < actions.Length; i++)
                    actions[i] = (t + i) % 3;
                envs.Step(actions);
            }
        }
    }

    [TestMethod]
    public void IntegerActions_EqualFloatActions()
    {
        using var a = new SyncVectorEnv(() => new CountdownEnv(4), 3);
        using var b = new SyncVectorEnv(() => new CountdownEnv(4), 3);
        a.Reset(5);
        b.Reset(5);
        for (var t = 0; t < 10; t++)
        {
            a.Step(new[] { t % 3, 2, 1 });
            b.Step(new float[] { t % 3, 2, 1 });
            CollectionAssert.AreEqual(b.Observations, a.Observations);
            CollectionAssert.AreEqual(b.Rewards, a.Rewards);
        }
    }

    [TestMethod]
    public void Parallel_MatchesSyncExactly_WithUnevenBlocks()
    {
        foreach (var mode in new[] { AutoresetMode.NextStep, AutoresetMode.SameStep })
        {
            int syncCount = 0, parallelCount = 0;
            using var sync = new SyncVectorEnv(() => new CountdownEnv(2 + syncCount++ % 4, truncate: syncCount % 2 == 0), 7, mode);
            using var parallel = new ParallelVectorEnv(() => new CountdownEnv(2 + parallelCount++ % 4, truncate: parallelCount % 2 == 0), 7, mode, workerCount: 3);
            CollectionAssert.AreEqual(new[] { 0, 2, 4, 7 }, parallel.PartitionStarts.ToArray());

            sync.Reset(11);
            parallel.Reset(11);
            CollectionAssert.AreEqual(sync.Observations, parallel.Observations);
            var random = new SplitMix64(3);
            var actions = new float[7];
            for (var t = 0; t < 300; t++)
            {
                for (var i = 0; i < 7; i++)
                    actions[i] = random.NextInt(3);
                sync.Step(actions);
                parallel.Step(actions);
                var label = $"{mode}, step {t}";
                CollectionAssert.AreEqual(sync.Observations, parallel.Observations, label);
                CollectionAssert.AreEqual(sync.Rewards, parallel.Rewards, label);
                CollectionAssert.AreEqual(sync.Terminated, parallel.Terminated, label);
                CollectionAssert.AreEqual(sync.Truncated, parallel.Truncated, label);
                CollectionAssert.AreEqual(sync.AutoReset, parallel.AutoReset, label);
                for (var i = 0; i < 7; i++)
                {
                    if (sync.Terminated[i] || sync.Truncated[i])
                        CollectionAssert.AreEqual(sync.FinalObservations.AsSpan(3 * i, 3).ToArray(), parallel.FinalObservations.AsSpan(3 * i, 3).ToArray(), label);
                }
            }
        }
    }

    [TestMethod]
    public void Parallel_CallingThreadAllocatesNothingPerStep()
    {
        using var envs = new ParallelVectorEnv(() => new CountdownEnv(5), 6, workerCount: 2);
        var actions = new float[6];
        envs.Reset(0);
        for (var t = 0; t < 100; t++)
            envs.Step(actions);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 2000; t++)
            envs.Step(actions);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void Parallel_ErrorOnAWorkerThread_IsRethrownNamingTheSubEnvironment()
    {
        var envs = new ParallelVectorEnv(() => new CountdownEnv(5), 7, workerCount: 3);
        envs.Reset(0);
        var error = Assert.Throws<ArgumentException>(() => envs.Step(new float[] { 0, 0, 0, 0, 0, 0, 3 }));
        StringAssert.Contains(error.Message, "Sub-environment 6");
        StringAssert.Contains(error.Message, "Discrete(3)");

        envs.Dispose();
        Assert.Throws<ObjectDisposedException>(() => envs.Step(new float[7]));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SyncAndParallelBehaveAlikeAfterDispose(bool parallel)
    {
        VectorEnv envs = parallel
            ? new ParallelVectorEnv(() => new CountdownEnv(5), 4, workerCount: 2)
            : new SyncVectorEnv(() => new CountdownEnv(5), 4);
        envs.Reset(0);
        envs.Step(new float[4]);
        envs.Dispose();
        envs.Dispose();   // a second call does nothing
        Assert.IsTrue(envs.IsDisposed);
        var step = Assert.ThrowsExactly<ObjectDisposedException>(() => envs.Step(new float[4]));
        StringAssert.Contains(step.Message, $"{envs.GetType().Name} of 4 × Countdown");
        Assert.ThrowsExactly<ObjectDisposedException>(() => envs.Step(new int[4]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => envs.Reset(1));
        Assert.ThrowsExactly<ObjectDisposedException>(() => envs.SaveState(new BinaryWriter(new MemoryStream())));
        Assert.ThrowsExactly<ObjectDisposedException>(() => envs.LoadState(new BinaryReader(new MemoryStream())));
        Assert.HasCount(4, envs.Rewards, "The batch arrays stay readable.");
    }

    [TestMethod]
    public void Step_RefusesWrongLengthAndStepBeforeReset()
    {
        using var envs = new SyncVectorEnv(() => new CountdownEnv(5), 4);
        var early = Assert.Throws<InvalidOperationException>(() => envs.Step(new float[4]));
        StringAssert.Contains(early.Message, "before Reset");
        envs.Reset(0);
        var wrong = Assert.Throws<ArgumentException>(() => envs.Step(new float[3]));
        StringAssert.Contains(wrong.Message, "3 values");
        StringAssert.Contains(wrong.Message, "need 4");
        var bad = Assert.Throws<ArgumentException>(() => envs.Step(new float[] { 0, 1.5f, 0, 0 }));
        StringAssert.Contains(bad.Message, "Sub-environment 1");
    }

    [TestMethod]
    public void Factory_MustReturnDistinctInstancesOfOneShape()
    {
        var shared = new CountdownEnv(3);
        var same = Assert.Throws<ArgumentException>(() => new SyncVectorEnv(() => shared, 2));
        StringAssert.Contains(same.Message, "same instance");

        var k = 0;
        var mixed = Assert.Throws<ArgumentException>(() => new SyncVectorEnv(
            () => k++ == 0 ? new CountdownEnv(3) : new Wrappers.ScriptedEnv([[0f]]), 2));
        StringAssert.Contains(mixed.Message, "Sub-environment 1");
    }

    [TestMethod]
    public void SameStep_FinalInfosKeepTheLastStepsInfo()
    {
        using var envs = new SyncVectorEnv(() => new Wrappers.ScriptedEnv([[0f], [1f], [2f]]) { PutInfo = true }, 2, AutoresetMode.SameStep);
        envs.Reset(0);
        envs.Step(new float[2]);
        envs.Step(new float[2]);
        Assert.IsTrue(envs.Terminated[0]);
        Assert.AreEqual("step", envs.FinalInfos[0]["phase"]);
        Assert.AreEqual("reset", envs.Envs[0].Info["phase"], "the sub-environment itself was reset in the same step");
        Assert.AreEqual(2f, envs.FinalObservations[0]);
        Assert.AreEqual(0f, envs.Observations[0]);
    }

    [TestMethod]
    public void Catalog_MakeVector_BuildsRegisteredCopiesWithTheirTimeLimit()
    {
        const string id = "VectorTestCountdown-v0";
        if (!EnvRegistry.Ids.Contains(id))
            EnvRegistry.Register(new EnvSpec(id, 4, null), () => new CountdownEnv(100));
        var catalog = new MLContext(seed: 0).Synaptic().Environments;
        foreach (var parallel in new[] { false, true })
        {
            using var envs = catalog.MakeVector(id, 3, parallel: parallel);
            Assert.IsInstanceOfType(envs, parallel ? typeof(ParallelVectorEnv) : typeof(SyncVectorEnv));
            Assert.AreEqual(3, envs.NumEnvs);
            envs.Reset(0);
            for (var t = 0; t < 4; t++)
                envs.Step(new float[3]);
            CollectionAssert.AreEqual(new[] { true, true, true }, envs.Truncated);
        }
        Assert.Throws<ArgumentException>(() => catalog.MakeVector("NoSuchEnv-v9", 2));
    }
}
