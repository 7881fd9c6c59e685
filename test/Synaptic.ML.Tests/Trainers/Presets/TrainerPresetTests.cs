using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Presets;

[TestClass]
public sealed class TrainerPresetTests : TempDirectoryTest
{
    [TestMethod]
    public void ZooPresetsHoldTheZoosValues()
    {
        // rl-baselines3-zoo hyperparams/ppo.yml, CartPole-v1: n_envs 8, n_steps 32, batch_size 256, gae_lambda 0.8,
        // gamma 0.98, n_epochs 20, ent_coef 0.0, learning_rate lin_0.001, clip_range lin_0.2, n_timesteps 1e5.
        var ppo = PpoPresets.CartPole();
        Assert.AreEqual(("CartPole-v1", 8, 32, 256, 0.8, 0.98, 20, 0.0, 1e-3, 0.2, 100_000L),
            (ppo.EnvironmentId, ppo.NumberOfEnvironments, ppo.StepsPerUpdate, ppo.MinibatchSize, ppo.GaeLambda, ppo.Gamma, ppo.Epochs, ppo.EntropyCoefficient, ppo.LearningRate, ppo.ClipRange, ppo.TotalTimesteps));
        Assert.AreSame(Schedule.Linear, ppo.LearningRateSchedule);
        Assert.AreSame(Schedule.Linear, ppo.ClipRangeSchedule);

        // dqn.yml, CartPole-v1: lr 2.3e-3, batch 64, buffer 100000, learning_starts 1000, gamma 0.99,
        // target_update_interval 10, train_freq 256, gradient_steps 128, exploration_fraction 0.16,
        // exploration_final_eps 0.04, net_arch [256, 256], n_timesteps 5e4.
        var dqn = DqnPresets.CartPole();
        Assert.AreEqual(("CartPole-v1", 2.3e-3, 64, 100_000, 1_000L, 0.99, 10, 256, 128, 0.16, 0.04, 50_000L),
            (dqn.EnvironmentId, dqn.LearningRate, dqn.BatchSize, dqn.BufferSize, dqn.LearningStarts, dqn.Gamma, dqn.TargetUpdateInterval, dqn.TrainFrequency, dqn.GradientSteps, dqn.ExplorationFraction, dqn.ExplorationFinal, dqn.TotalTimesteps));
        var network = Assert.IsInstanceOfType<MlpPolicyOptions>(dqn.Network);
        CollectionAssert.AreEqual(new[] { 256, 256 }, network.HiddenSizes);
        Assert.AreEqual(HiddenActivation.ReLU, network.Activation);
    }

    [TestMethod]
    public void EveryShippedPresetIsUniqueAndReadsBackFromItsOwnJson()
    {
        Assert.IsNotEmpty(TrainerPresets.All);
        Assert.HasCount(TrainerPresets.All.Count, TrainerPresets.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase));
        foreach (var preset in TrainerPresets.All)
        {
            var path = Path.Combine(Dir, preset.Name + ".json");
            preset.Save(path);
            var again = TrainerPreset.Load(path);
            Assert.AreEqual(preset.Name, again.Name);
            Assert.AreEqual(preset.Algorithm, again.Algorithm);
            CollectionAssert.AreEqual(preset.Settings.ToList(), again.Settings.ToList(), preset.Name);
        }
    }

    [TestMethod]
    public void APresetWrittenFromOptionsRebuildsThem()
    {
        var options = PpoPresets.Pendulum();
        options.Policy = new SpikingPolicyOptions { TimeSteps = 4 };
        var preset = TrainerPreset.FromOptions("mine", "ppo", "test", options);
        var rebuilt = preset.ApplyTo(new PpoTrainer.Options());
        CollectionAssert.AreEqual(OptionText.Write(options).ToList(), OptionText.Write(rebuilt).ToList());
    }

    [TestMethod]
    public void APresetThatDoesNotFitItsOptionsIsNamed()
    {
        var preset = new TrainerPreset("odd", "ppo", "test", [new("BufferSize", "10")]);
        var e = Assert.ThrowsExactly<ArgumentException>(() => preset.ApplyTo(new PpoTrainer.Options()));
        StringAssert.Contains(e.Message, "Preset 'odd'");
        StringAssert.Contains(e.Message, "BufferSize");
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => TrainerPresets.Get("ppo-mars"));
        StringAssert.Contains(unknown.Message, "ppo-cartpole");
        File.WriteAllText(Path.Combine(Dir, "bad.json"), "{\"name\": \"x\"}");
        var bad = Assert.ThrowsExactly<InvalidDataException>(() => TrainerPreset.Load(Path.Combine(Dir, "bad.json")));
        StringAssert.Contains(bad.Message, "bad.json");
    }
}
