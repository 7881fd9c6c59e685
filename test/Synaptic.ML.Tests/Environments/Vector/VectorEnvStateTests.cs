using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;
using Synaptic.ML.Tests.Environments.Core;

namespace Synaptic.ML.Tests.Environments.Vector;

[TestClass]
public sealed class VectorEnvStateTests
{
    private const int NumEnvs = 4;
    private const int StepsBefore = 150;
    private const int StepsAfter = 250;

    public static IEnumerable<object[]> Cases() =>
    [
        ["CartPole-v1", AutoresetMode.SameStep, VectorKind.Sync, VectorKind.Sync],
        ["Pendulum-v1", AutoresetMode.SameStep, VectorKind.Sync, VectorKind.Sync],
        ["CartPole-v1", AutoresetMode.SameStep, VectorKind.Parallel, VectorKind.Parallel],
        ["Pendulum-v1", AutoresetMode.SameStep, VectorKind.Parallel, VectorKind.Parallel],
        ["CartPole-v1", AutoresetMode.SameStep, VectorKind.Sync, VectorKind.Parallel],
        ["CartPole-v1", AutoresetMode.NextStep, VectorKind.Sync, VectorKind.Sync],
        ["Pendulum-v1", AutoresetMode.NextStep, VectorKind.Parallel, VectorKind.Sync],
    ];

    public enum VectorKind
    {
        Sync,
        Parallel,
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void LoadingIntoAFreshVectorEnv_ContinuesBitForBit_AcrossAutoresets(string id, AutoresetMode mode, VectorKind savedFrom, VectorKind loadedInto)
    {
        using var original = Make(id, mode, savedFrom);
        original.Reset(seed: 3);
        var actions = new SplitMix64(9);
        Run(original, ref actions, StepsBefore);
        // Save right after an episode ended: SameStep has just autoreset it, NextStep will reset it at the next step.
        while (!original.Terminated.Concat(original.Truncated).Any(done => done))
            Run(original, ref actions, 1);
        var state = Save(original);
        var atSave = Describe(original);
        var actionsAtSave = actions;
        var expected = Run(original, ref actions, StepsAfter, out var autoresets);

        using var restored = Make(id, mode, loadedInto);
        Load(restored, state);
        Assert.AreEqual(atSave, Describe(restored), "a trainer reads the batch arrays before its next step");
        var replayed = actionsAtSave;
        var actual = Run(restored, ref replayed, StepsAfter);

        Assert.IsGreaterThan(0, autoresets, $"{id}: the continuation should cross autoresets.");
        CollectionAssert.AreEqual(expected, actual, $"{id}, {mode}, {savedFrom} → {loadedInto}");

        using var unrestored = Make(id, mode, loadedInto);
        unrestored.Reset(seed: 3);
        var control = actionsAtSave;
        CollectionAssert.AreNotEqual(expected, Run(unrestored, ref control, StepsAfter), $"{id}: without loading, the continuation should differ.");
    }

    [TestMethod]
    public void AStateOfAnotherNumberOfEnvironments_ThrowsInvalidData_NamingBothCounts()
    {
        using var four = Make("CartPole-v1", AutoresetMode.SameStep, VectorKind.Sync);
        four.Reset(seed: 1);
        using var three = new SyncVectorEnv(() => EnvRegistry.Make("CartPole-v1"), 3, AutoresetMode.SameStep);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => Load(three, Save(four)));

        StringAssert.Contains(error.Message, "4 sub-environments");
        StringAssert.Contains(error.Message, "this one has 3");
    }

    [TestMethod]
    public void AStateOfOtherSubEnvironmentsOrModes_ThrowsInvalidData_NamingBoth()
    {
        // Taxi and FrozenLake have the same sizes (one value each), so only their ids tell them apart.
        using var taxis = Make("Taxi-v3", AutoresetMode.SameStep, VectorKind.Sync);
        taxis.Reset(seed: 1);
        var state = Save(taxis);
        using var lakes = Make("FrozenLake-v1", AutoresetMode.SameStep, VectorKind.Sync);
        using var nextStep = Make("Taxi-v3", AutoresetMode.NextStep, VectorKind.Sync);
        using var cartPoles = Make("CartPole-v1", AutoresetMode.SameStep, VectorKind.Sync);

        var other = Assert.ThrowsExactly<InvalidDataException>(() => Load(lakes, state));
        StringAssert.Contains(other.Message, "Sub-environment 0");
        StringAssert.Contains(other.Message, "Taxi-v3");
        StringAssert.Contains(other.Message, "FrozenLake-v1");

        var sizes = Assert.ThrowsExactly<InvalidDataException>(() => Load(cartPoles, state));
        StringAssert.Contains(sizes.Message, "1-value observations");
        StringAssert.Contains(sizes.Message, "have 4 and 1");

        var mode = Assert.ThrowsExactly<InvalidDataException>(() => Load(nextStep, state));
        StringAssert.Contains(mode.Message, "SameStep");
        StringAssert.Contains(mode.Message, "NextStep");
    }

    [TestMethod]
    public void ATruncatedStateOrASingleEnvironmentsState_ThrowsInvalidData()
    {
        using var envs = Make("Pendulum-v1", AutoresetMode.SameStep, VectorKind.Sync);
        envs.Reset(seed: 1);
        var state = Save(envs);

        foreach (var length in new[] { 0, 1, 20, state.Length / 2, state.Length - 1 })
        {
            using var target = Make("Pendulum-v1", AutoresetMode.SameStep, VectorKind.Sync);
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => Load(target, state[..length]), $"cut at {length}").Message, "truncated");
        }
        using var single = Make("Pendulum-v1", AutoresetMode.SameStep, VectorKind.Sync);
        var notVector = Assert.ThrowsExactly<InvalidDataException>(() => Load(single, EnvStateReplay.Save(EnvRegistry.Make("Pendulum-v1"))));
        StringAssert.Contains(notVector.Message, "VectorEnv");
    }

    [TestMethod]
    public void ASubEnvironmentWithoutHooks_ThrowsNotSupported_AndWritesNothing()
    {
        using var envs = new SyncVectorEnv(() => new HooklessEnv(), 2);
        envs.Reset(seed: 1);
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => envs.SaveState(new BinaryWriter(stream)));

        StringAssert.Contains(error.Message, "Hookless-v0");
        Assert.AreEqual(0L, stream.Length);
    }

    private static VectorEnv Make(string id, AutoresetMode mode, VectorKind kind) => kind == VectorKind.Sync
        ? new SyncVectorEnv(() => EnvRegistry.Make(id), NumEnvs, mode)
        : new ParallelVectorEnv(() => EnvRegistry.Make(id), NumEnvs, mode, workerCount: 2);

    // The batch arrays as bit patterns, in one line.
    private static string Describe(VectorEnv envs)
    {
        var line = $"{EnvStateReplay.Bits(envs.Observations)} rewards {string.Join(",", envs.Rewards.Select(BitConverter.DoubleToInt64Bits))}"
            + $" terminated {string.Join(",", envs.Terminated)} truncated {string.Join(",", envs.Truncated)} autoreset {string.Join(",", envs.AutoReset)}";
        for (var i = 0; i < envs.NumEnvs; i++)
        {
            if (envs.Terminated[i] || envs.Truncated[i])
                line += $" final {i}: {EnvStateReplay.Bits(envs.FinalObservations.AsSpan(i * envs.ObservationSize, envs.ObservationSize))}";
        }
        return line;
    }

    // One line per step: the batch arrays after it.
    private static List<string> Run(VectorEnv envs, ref SplitMix64 random, int steps) => Run(envs, ref random, steps, out _);

    private static List<string> Run(VectorEnv envs, ref SplitMix64 random, int steps, out int autoresets)
    {
        autoresets = 0;
        var actions = new float[envs.NumEnvs * envs.ActionSize];
        var lines = new List<string>();
        for (var t = 0; t < steps; t++)
        {
            for (var i = 0; i < envs.NumEnvs; i++)
                envs.SingleActionSpace.Sample(actions.AsSpan(i * envs.ActionSize, envs.ActionSize), ref random);
            envs.Step(actions);
            lines.Add(Describe(envs));
            autoresets += envs.AutoReset.Count(restarted => restarted);
        }
        return lines;
    }

    private static byte[] Save(VectorEnv envs)
    {
        using var stream = new MemoryStream();
        envs.SaveState(new BinaryWriter(stream));
        return stream.ToArray();
    }

    private static void Load(VectorEnv envs, byte[] state)
    {
        using var stream = new MemoryStream(state);
        envs.LoadState(new BinaryReader(stream));
        Assert.AreEqual(state.Length, stream.Position, "LoadState should read the whole saved state.");
    }
}
