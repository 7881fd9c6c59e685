using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

/// <summary>The data trainers' shipped presets: each fits its options type, names a data set its algorithm serves, and the default presets exist.</summary>
[TestClass]
public sealed class DataPresetTests
{
    private static IEnumerable<CliAlgorithm> DataAlgorithms => AlgorithmRegistry.All.Where(a => a.EnvironmentKind == "data set");

    [TestMethod]
    public void EveryDataAlgorithmHasItsDefaultPresetAndEveryPresetOfOneAppliesToItsOptionsAndNamesADataSetItServes()
    {
        CollectionAssert.IsSubsetOf(new[] { "protonet", "maml", "spiking-multiclass", "spiking-binary" }, DataAlgorithms.Select(a => a.Name).ToArray());
        foreach (var algorithm in DataAlgorithms)
            Assert.IsTrue(TrainerPresets.All.Any(p => p.Name == algorithm.DefaultPreset), $"{algorithm.Name}'s default preset {algorithm.DefaultPreset} is not shipped");
        var presets = TrainerPresets.All.Where(p => DataAlgorithms.Any(a => a.Name == p.Algorithm)).ToList();
        Assert.IsGreaterThanOrEqualTo(5, presets.Count);
        foreach (var preset in presets)
        {
            var algorithm = AlgorithmRegistry.Get(preset.Algorithm);
            var options = preset.ApplyTo(algorithm.CreateOptions());
            Assert.IsNotNull(preset.Environment, $"{preset.Name} names no data set");
            algorithm.UseEnvironment(options, preset.Environment);   // throws for a data set the algorithm does not serve
            var written = OptionText.Write(options).ToDictionary(s => s.Key, s => s.Value);
            foreach (var (path, text) in preset.Settings)
                Assert.AreEqual(text, written[path], ignoreCase: true, $"{preset.Name}: {path} did not take");
        }
    }

    [TestMethod]
    public void APresetsEnvironmentSurvivesJsonAndAPresetWithoutOneReadsAsBefore()
    {
        var preset = TrainerPresets.Get("protonet-glyphs");
        var again = TrainerPreset.Parse(preset.ToJson(), "round trip");
        Assert.AreEqual("glyphs", again.Environment);
        CollectionAssert.AreEqual(preset.Settings.ToArray(), again.Settings.ToArray());
        Assert.IsNull(TrainerPresets.Get("ppo-cartpole").Environment);
        Assert.IsFalse(TrainerPresets.Get("ppo-cartpole").ToJson().Contains("\"environment\"", StringComparison.Ordinal));
    }
}
