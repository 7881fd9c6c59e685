using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Presets;

[TestClass]
public sealed class OptionTextTests
{
    [TestMethod]
    public void NumbersBooleansEnumsArraysAndNullablesAreSetFromText()
    {
        var options = new PpoTrainer.Options();
        OptionText.Set(options, "LearningRate", "1e-3");
        OptionText.Set(options, "normalize_advantages", "false");
        OptionText.Set(options, "ValueHiddenSizes", "32,16");
        OptionText.Set(options, "TargetKl", "0.015");
        OptionText.Set(options, "MaxGradientNorm", "null");
        OptionText.Set(options, "TotalTimesteps", "12345");

        Assert.AreEqual(1e-3, options.LearningRate);
        Assert.IsFalse(options.NormalizeAdvantages);
        CollectionAssert.AreEqual(new[] { 32, 16 }, options.ValueHiddenSizes);
        Assert.AreEqual(0.015, options.TargetKl);
        Assert.IsNull(options.MaxGradientNorm);
        Assert.AreEqual(12345L, options.TotalTimesteps);
    }

    [TestMethod]
    public void AFamilyMemberIsChosenByItsShortNameThenItsOwnSettingsByPath()
    {
        var options = new PpoTrainer.Options();
        OptionText.Set(options, "Policy", "Spiking");
        OptionText.Set(options, "Policy.TimeSteps", "6");
        OptionText.Set(options, "Policy.HiddenSizes", "64");
        OptionText.Set(options, "Policy.Encoding", "Population");

        var policy = Assert.IsInstanceOfType<SpikingPolicyOptions>(options.Policy);
        Assert.AreEqual(6, policy.TimeSteps);
        CollectionAssert.AreEqual(new[] { 64 }, policy.HiddenSizes);
        Assert.AreEqual(SpikingEncoding.Population, policy.Encoding);
        // The class name and its longer forms name the same member.
        OptionText.Set(options, "Policy", "MlpPolicyOptions");
        Assert.IsInstanceOfType<MlpPolicyOptions>(options.Policy);
    }

    [TestMethod]
    public void SchedulesAreTheFamilysStaticMembersWithTheirArguments()
    {
        var options = new PpoTrainer.Options();
        OptionText.Set(options, "LearningRateSchedule", "linear");
        Assert.AreSame(Schedule.Linear, options.LearningRateSchedule);
        OptionText.Set(options, "ClipRangeSchedule", "WarmupCosine(0.1, 0.05)");
        var cosine = Assert.IsInstanceOfType<WarmupCosineSchedule>(options.ClipRangeSchedule);
        Assert.AreEqual(0.1, cosine.WarmupFraction);
        Assert.AreEqual(0.05, cosine.FloorFraction);
        Assert.AreEqual("WarmupCosine(0.1, 0.05)", OptionText.Write(options).Single(p => p.Key == "ClipRangeSchedule").Value);
    }

    [TestMethod]
    public void WrittenOptionsReadBackToTheSameOptions()
    {
        var original = new DqnTrainer.Options
        {
            LearningRate = 2.3e-3,
            Network = new SpikingPolicyOptions { HiddenSizes = [128, 32], TimeSteps = 5, Beta = 0.9 },
            ExplorationSchedule = Schedule.ExponentialPerPhase(0.98, 0.1),
            DoubleQ = true,
            StopAtEvaluationReturn = 475,
        };
        var text = OptionText.Write(original);
        var copy = new DqnTrainer.Options();
        OptionText.SetAll(copy, text);

        CollectionAssert.AreEqual(text.ToList(), OptionText.Write(copy).ToList());
        Assert.AreEqual(0.9, ((SpikingPolicyOptions)copy.Network).Beta);
        Assert.AreEqual(475, copy.StopAtEvaluationReturn);
        Assert.AreEqual(0.98, ((ExponentialPerPhaseSchedule)copy.ExplorationSchedule).Decay);
    }

    [TestMethod]
    public void ChangesAreComparedWithTheChosenMembersOwnDefaults()
    {
        // The spiking policy's default HiddenSizes is [128], the MLP's [64, 64]: [64, 64] on a spiking policy is a change.
        var options = new PpoTrainer.Options { Policy = new SpikingPolicyOptions { HiddenSizes = [64, 64] }, Gamma = 0.98 };
        var changes = OptionText.Changes(options);

        CollectionAssert.AreEqual(
            new[] { "Gamma=0.98", "Policy=Spiking", "Policy.HiddenSizes=64,64" },
            changes.Select(p => $"{p.Key}={p.Value}").ToArray());
        var replayed = new PpoTrainer.Options();
        OptionText.SetAll(replayed, changes);
        CollectionAssert.AreEqual(OptionText.Write(options).ToList(), OptionText.Write(replayed).ToList());
    }

    [TestMethod]
    public void SettingsMadeOfCodeHaveNoText()
    {
        var paths = OptionText.Write(new PpoTrainer.Options { EnvironmentFactory = () => throw new InvalidOperationException() }).Select(p => p.Key).ToList();
        CollectionAssert.DoesNotContain(paths, "EnvironmentFactory");
        CollectionAssert.DoesNotContain(paths, "Progress");
        CollectionAssert.DoesNotContain(paths, "Callbacks");
        CollectionAssert.DoesNotContain(paths, "Curriculum");
        var e = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(new PpoTrainer.Options(), "EnvironmentFactory", "x"));
        StringAssert.Contains(e.Message, "made of code");
    }

    [TestMethod]
    public void BadPathsAndValuesAreNamed()
    {
        var options = new PpoTrainer.Options();
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(options, "LearningRat", "1"));
        StringAssert.Contains(unknown.Message, "'LearningRat'");
        StringAssert.Contains(unknown.Message, "Did you mean 'LearningRate'?");
        var notNumber = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(options, "Epochs", "ten"));
        StringAssert.Contains(notNumber.Message, "'Epochs'");
        StringAssert.Contains(notNumber.Message, "'ten'");
        var kind = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(options, "Policy", "Transformer"));
        StringAssert.Contains(kind.Message, "Mlp");
        StringAssert.Contains(kind.Message, "Spiking");
        var member = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(options, "Policy.TimeSteps", "6"));
        StringAssert.Contains(member.Message, "MlpPolicyOptions has no setting 'TimeSteps'");
        var enumValue = Assert.ThrowsExactly<ArgumentException>(() => OptionText.Set(new SpikingPolicyOptions(), "Encoding", "Morse"));
        StringAssert.Contains(enumValue.Message, "DirectCurrent");
        Assert.ThrowsExactly<ArgumentException>(() => OptionText.ParseAssignment("LearningRate"));
        Assert.AreEqual(new KeyValuePair<string, string>("Policy.HiddenSizes", "64,64"), OptionText.ParseAssignment(" Policy.HiddenSizes = 64,64 "));
    }
}
