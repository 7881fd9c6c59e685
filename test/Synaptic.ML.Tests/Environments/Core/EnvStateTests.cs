using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Core;

[TestClass]
public sealed class EnvStateTests
{
    // Long enough that every built-in with a time limit or episodes of its own ends episodes on both
    // sides of the checkpoint under random actions (MountainCarContinuous-v0 by its 999-step limit).
    private const int StepsBefore = 1000;
    private const int StepsAfter = 1500;

    // CliffWalking has no time limit and random actions rarely reach its goal: its episodes are cut
    // here by resets without seed, which exercise the generator after the checkpoint just the same.
    private const int CapWithoutTimeLimit = 300;

    public static IEnumerable<object[]> BuiltInIds() => BuiltInEnvironments.All.Select(e => new object[] { e.Spec.Id });

    [TestMethod]
    [DynamicData(nameof(BuiltInIds))]
    public void LoadingIntoAFreshInstance_ContinuesBitForBit_AcrossEpisodeEndsAndUnseededResets(string id)
    {
        var cap = EnvRegistry.Spec(id).MaxEpisodeSteps is null ? CapWithoutTimeLimit : int.MaxValue;
        var original = EnvRegistry.Make(id);
        original.Reset(seed: 11);
        var actions = new SplitMix64(5);
        EnvStateReplay.Run(original, ref actions, StepsBefore, cap);
        var state = EnvStateReplay.Save(original);
        var actionsAtSave = actions;
        var expected = EnvStateReplay.Run(original, ref actions, StepsAfter, cap);

        var restored = EnvRegistry.Make(id);
        EnvStateReplay.Load(restored, state);
        var replayed = actionsAtSave;
        var actual = EnvStateReplay.Run(restored, ref replayed, StepsAfter, cap);

        Assert.IsGreaterThan(0, expected.Resets, $"{id}: the continuation should reset without seed, so that the generators are compared.");
        if (!id.StartsWith("CliffWalking", StringComparison.Ordinal))
            Assert.IsGreaterThan(0, expected.EpisodeEnds, $"{id}: the continuation should end episodes.");
        EnvStateReplay.AssertSame(expected, actual, id);

        // The comparison can fail: a fresh instance seeded like the original, but not loaded, goes
        // elsewhere. Not always for CliffWalking-v1, deterministic and without a time limit: at the
        // checkpoint its walker may well be back on the start cell (the cliff sends it there).
        if (id == "CliffWalking-v1")
            return;
        var unrestored = EnvRegistry.Make(id);
        unrestored.Reset(seed: 11);
        var control = actionsAtSave;
        CollectionAssert.AreNotEqual(expected.Lines.ToArray(), EnvStateReplay.Run(unrestored, ref control, StepsAfter, cap).Lines.ToArray(),
            $"{id}: without loading, the continuation should differ.");
    }

    [TestMethod]
    public void SavedAfterAnEpisodeEnded_TheLoadedCopyRefusesToStepAndItsUnseededResetDrawsTheSameStart()
    {
        var original = EnvRegistry.Make("CartPole-v1");
        original.Reset(seed: 4);
        StepResult step;
        do
            step = original.Step(1);
        while (!step.Terminated && !step.Truncated);
        Assert.IsTrue(original.NeedsReset);
        var state = EnvStateReplay.Save(original);

        var restored = EnvRegistry.Make("CartPole-v1");
        EnvStateReplay.Load(restored, state);

        Assert.IsTrue(restored.NeedsReset);
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => restored.Step(0));
        StringAssert.Contains(refused.Message, "after its episode ended");
        for (var episode = 0; episode < 3; episode++)
            CollectionAssert.AreEqual(original.Reset(), restored.Reset(), $"unseeded reset {episode}");
        CollectionAssert.AreNotEqual(original.Reset(), EnvRegistry.Make("CartPole-v1").Reset(), "a fresh instance draws its own start");
    }

    [TestMethod]
    public void SavedBeforeTheFirstReset_TheLoadedCopyStillNeedsAReset()
    {
        var state = EnvStateReplay.Save(EnvRegistry.Make("Pendulum-v1"));
        var restored = EnvRegistry.Make("Pendulum-v1");
        EnvStateReplay.Load(restored, state);

        Assert.IsTrue(restored.NeedsReset);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => restored.Step([0f])).Message, "before Reset");
        CollectionAssert.AreEqual(EnvRegistry.Make("Pendulum-v1").Reset(seed: 2), restored.Reset(seed: 2));
    }

    [TestMethod]
    public void LoadingTheStateOfAnotherId_ThrowsInvalidData_NamingBothIds()
    {
        var cartPole = EnvRegistry.Make("CartPole-v1");
        cartPole.Reset(seed: 1);
        var state = EnvStateReplay.Save(cartPole);
        var acrobot = EnvRegistry.Make("Acrobot-v1");
        acrobot.Reset(seed: 1);
        var before = ((ClassicControlEnv)acrobot.Unwrapped).State;

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(acrobot, state));

        StringAssert.Contains(error.Message, "CartPole-v1");
        StringAssert.Contains(error.Message, "Acrobot-v1");
        CollectionAssert.AreEqual(before, ((ClassicControlEnv)acrobot.Unwrapped).State, "a refused state changes nothing");
    }

    [TestMethod]
    public void LoadingTheStateOfAnotherTypeWithTheSameId_ThrowsInvalidData_NamingBothTypes()
    {
        var wrapped = EnvRegistry.Make("CartPole-v1");
        wrapped.Reset(seed: 1);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(new CartPole(), EnvStateReplay.Save(wrapped)));

        StringAssert.Contains(error.Message, nameof(TimeLimit));
        StringAssert.Contains(error.Message, typeof(CartPole).FullName!);
    }

    [TestMethod]
    public void EveryTruncationOfTheStream_ThrowsInvalidData_AndChangesNothing()
    {
        var original = EnvRegistry.Make("FrozenLake-v1");
        original.Reset(seed: 6);
        original.Step(2);
        var state = EnvStateReplay.Save(original);

        for (var length = 0; length < state.Length; length++)
        {
            var target = EnvRegistry.Make("FrozenLake-v1");
            var twin = EnvRegistry.Make("FrozenLake-v1");
            target.Reset(seed: 9);
            twin.Reset(seed: 9);

            var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(target, state[..length]), $"cut at {length} of {state.Length} bytes");

            StringAssert.Contains(error.Message, "truncated", $"cut at {length}");
            StringAssert.Contains(error.Message, "FrozenLake-v1", $"cut at {length}");
            for (var t = 0; t < 5 && !twin.NeedsReset; t++)
                CollectionAssert.AreEqual(twin.Step(1).Observation, target.Step(1).Observation, $"cut at {length}: the target should be untouched");
        }
    }

    [TestMethod]
    public void AnotherFormatVersion_ThrowsInvalidData()
    {
        var state = EnvStateReplay.Save(EnvRegistry.Make("Taxi-v3"));
        state[0] = 99;

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(EnvRegistry.Make("Taxi-v3"), state));

        StringAssert.Contains(error.Message, "version 99");
    }

    [TestMethod]
    public void AnEnvironmentWithoutHooks_ThrowsNotSupported_NamingItAndTheMethodsToOverride()
    {
        var env = new HooklessEnv();
        env.Reset(seed: 1);
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.SaveState(new BinaryWriter(stream)));

        StringAssert.Contains(error.Message, "Hookless-v0");
        StringAssert.Contains(error.Message, "WriteState");
        StringAssert.Contains(error.Message, "ReadState");
        Assert.AreEqual(0L, stream.Length, "nothing should be written");
        Assert.ThrowsExactly<NotSupportedException>(() => EnvStateReplay.Load(new HooklessEnv(), [1, 2, 3]));
    }

    [TestMethod]
    public void ASubclassOfASavingBaseWithoutHooksOfItsOwn_ThrowsNotSupported()
    {
        var coin = Assert.ThrowsExactly<NotSupportedException>(() => EnvStateReplay.Save(new HooklessCoin()));
        StringAssert.Contains(coin.Message, nameof(HooklessCoin));

        var wrapper = Assert.ThrowsExactly<NotSupportedException>(() => EnvStateReplay.Save(new HooklessWrapper(new CartPole())));
        StringAssert.Contains(wrapper.Message, nameof(HooklessWrapper));
    }

    [TestMethod]
    public void AWrapperAroundAnEnvironmentWithoutHooks_ThrowsNotSupported_AndWritesNothing()
    {
        var env = new TimeLimit(new HooklessEnv(), 50);
        env.Reset(seed: 1);
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.SaveState(new BinaryWriter(stream)));

        StringAssert.Contains(error.Message, nameof(HooklessEnv));
        Assert.AreEqual(0L, stream.Length);
    }

    [TestMethod]
    public void HooksThatReadLessOrMoreThanTheyWrote_ThrowInvalidData()
    {
        var state = EnvStateReplay.Save(new MiscountedEnv(1));

        var tooLittle = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(new MiscountedEnv(0), state));
        StringAssert.Contains(tooLittle.Message, "disagree");
        var tooMuch = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(new MiscountedEnv(2), state));
        StringAssert.Contains(tooMuch.Message, "read past the end");
        Assert.IsInstanceOfType<EndOfStreamException>(tooMuch.InnerException);
        EnvStateReplay.Load(new MiscountedEnv(1), state);
    }

    [TestMethod]
    public void TheTimeLimitIsChecked_WhenLoading()
    {
        var original = EnvRegistry.Make("CartPole-v1");
        original.Reset(seed: 1);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(new TimeLimit(new CartPole(), 200), EnvStateReplay.Save(original)));

        StringAssert.Contains(error.Message, "500");
        StringAssert.Contains(error.Message, "200");
    }

}
