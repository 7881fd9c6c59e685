using Synaptic.ML.Samples.Cli;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Cli.Tests;

/// <summary>
/// The reinforcement-learning presets: each applies to its algorithm's options and names an environment the tool
/// knows; the RL Zoo's hold the Zoo's numbers (written here by hand from rl-baselines3-zoo's hyperparams/*.yml, the
/// independent truth); and the library's typed presets are read from the same files.
/// </summary>
[TestClass]
public sealed class RlPresetTests
{
    /// <summary>The shipped presets of the RL algorithms (trainers that act in environments or on task distributions).</summary>
    public static IEnumerable<TrainerPreset> RlPresets() =>
        TrainerPresets.All.Where(p => AlgorithmRegistry.All.FirstOrDefault(a => a.Name == p.Algorithm) is { } a && IsReinforcementLearning(a));

    /// <summary>Whether <paramref name="algorithm"/> is one of the RL algorithms.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>True for environment trainers and MAML-RL.</returns>
    public static bool IsReinforcementLearning(CliAlgorithm algorithm) =>
        typeof(EnvironmentTrainerOptions).IsAssignableFrom(algorithm.OptionsType) || algorithm.OptionsType == typeof(MamlRlTrainer.Options);

    public static IEnumerable<object[]> RlPresetNames() => RlPresets().Select(p => new object[] { p.Name });

    [TestMethod]
    [DynamicData(nameof(RlPresetNames))]
    public void EveryRlPresetAppliesToItsAlgorithmsOptionsAndNamesAKnownEnvironment(string name)
    {
        var preset = TrainerPresets.Get(name);
        var algorithm = AlgorithmRegistry.Get(preset.Algorithm);
        var options = preset.ApplyTo(algorithm.CreateOptions());
        var environment = algorithm.EnvironmentOf(options);
        Assert.IsNotNull(environment, $"{name} names no {algorithm.EnvironmentKind}.");
        algorithm.UseEnvironment(options, environment);   // throws for an id the tool does not know
        Assert.IsFalse(string.IsNullOrWhiteSpace(preset.Description));
        Assert.IsFalse(string.IsNullOrWhiteSpace(preset.Source), $"{name} says where its values come from.");
    }

    [TestMethod]
    public void EveryRlAlgorithmHasItsDefaultPresetShipped()
    {
        foreach (var algorithm in AlgorithmRegistry.All.Where(IsReinforcementLearning))
            Assert.AreEqual(algorithm.Name, TrainerPresets.Get(algorithm.DefaultPreset).Algorithm, algorithm.Name);
    }

    [TestMethod]
    public void TheRlZoosA2CSettingsAreTheZoos()
    {
        // a2c.yml, CartPole-v1: n_envs 8, n_timesteps 5e5, ent_coef 0.0; Stable-Baselines3's A2C defaults otherwise
        // (learning_rate 7e-4, n_steps 5, gamma 0.99, gae_lambda 1.0, vf_coef 0.5, max_grad_norm 0.5, normalize_advantage False).
        var cartPole = TrainerPresets.Options<A2CTrainer.Options>("a2c-cartpole");
        Assert.AreEqual("CartPole-v1", cartPole.EnvironmentId);
        Assert.AreEqual(8, cartPole.NumberOfEnvironments);
        Assert.AreEqual(500_000L, cartPole.TotalTimesteps);
        Assert.AreEqual(0.0, cartPole.EntropyCoefficient);
        Assert.AreEqual(7e-4, cartPole.LearningRate);
        Assert.AreEqual(5, cartPole.StepsPerUpdate);
        Assert.AreEqual(0.99, cartPole.Gamma);
        Assert.AreEqual(1.0, cartPole.GaeLambda);
        Assert.AreEqual(0.5, cartPole.ValueCoefficient);
        Assert.AreEqual(0.5, cartPole.MaxGradientNorm);
        Assert.IsFalse(cartPole.NormalizeAdvantages);

        // Acrobot-v1: n_envs 16, n_timesteps 5e5, ent_coef 0.0 (normalize: true is left out).
        var acrobot = TrainerPresets.Options<A2CTrainer.Options>("a2c-acrobot");
        Assert.AreEqual("Acrobot-v1", acrobot.EnvironmentId);
        Assert.AreEqual(16, acrobot.NumberOfEnvironments);
        Assert.AreEqual(500_000L, acrobot.TotalTimesteps);
        Assert.AreEqual(0.0, acrobot.EntropyCoefficient);
        StringAssert.Contains(TrainerPresets.Get("a2c-acrobot").Description, "normalize");

        // Pendulum-v1: n_envs 8, n_timesteps 1e6, ent_coef 0.0, max_grad_norm 0.5, n_steps 8, gae_lambda 0.9, vf_coef 0.4,
        // gamma 0.9, normalize_advantage False, learning_rate lin_7e-4, log_std_init -2 (normalize, use_sde, use_rms_prop and ortho_init=False left out).
        var pendulum = TrainerPresets.Options<A2CTrainer.Options>("a2c-pendulum");
        Assert.AreEqual("Pendulum-v1", pendulum.EnvironmentId);
        Assert.AreEqual(8, pendulum.NumberOfEnvironments);
        Assert.AreEqual(1_000_000L, pendulum.TotalTimesteps);
        Assert.AreEqual(0.0, pendulum.EntropyCoefficient);
        Assert.AreEqual(0.5, pendulum.MaxGradientNorm);
        Assert.AreEqual(8, pendulum.StepsPerUpdate);
        Assert.AreEqual(0.9, pendulum.GaeLambda);
        Assert.AreEqual(0.4, pendulum.ValueCoefficient);
        Assert.AreEqual(0.9, pendulum.Gamma);
        Assert.IsFalse(pendulum.NormalizeAdvantages);
        Assert.AreEqual(7e-4, pendulum.LearningRate);
        Assert.AreSame(Schedule.Linear, pendulum.LearningRateSchedule);
        Assert.AreEqual(-2.0, pendulum.InitialLogStd);
        foreach (var missing in new[] { "normalize", "gSDE", "RMSprop", "ortho_init" })
            StringAssert.Contains(TrainerPresets.Get("a2c-pendulum").Description, missing);
    }

    [TestMethod]
    public void TheRlZoosPpoSettingsAreTheZoos()
    {
        // ppo.yml, CartPole-v1: n_envs 8, n_timesteps 1e5, n_steps 32, batch_size 256, gae_lambda 0.8, gamma 0.98, n_epochs 20,
        // ent_coef 0.0, learning_rate lin_0.001, clip_range lin_0.2.
        var cartPole = PpoPresets.CartPole();
        Assert.AreEqual("CartPole-v1", cartPole.EnvironmentId);
        Assert.AreEqual(8, cartPole.NumberOfEnvironments);
        Assert.AreEqual(100_000L, cartPole.TotalTimesteps);
        Assert.AreEqual(32, cartPole.StepsPerUpdate);
        Assert.AreEqual(256, cartPole.MinibatchSize);
        Assert.AreEqual(0.8, cartPole.GaeLambda);
        Assert.AreEqual(0.98, cartPole.Gamma);
        Assert.AreEqual(20, cartPole.Epochs);
        Assert.AreEqual(0.0, cartPole.EntropyCoefficient);
        Assert.AreEqual(0.001, cartPole.LearningRate);
        Assert.AreSame(Schedule.Linear, cartPole.LearningRateSchedule);
        Assert.AreEqual(0.2, cartPole.ClipRange);
        Assert.AreSame(Schedule.Linear, cartPole.ClipRangeSchedule);

        // Pendulum-v1: n_envs 4, n_timesteps 1e5, n_steps 1024, gae_lambda 0.95, gamma 0.9, n_epochs 10, ent_coef 0.0,
        // learning_rate 1e-3, clip_range 0.2 (use_sde left out; the learning rate decays linearly in its place).
        var pendulum = PpoPresets.Pendulum();
        Assert.AreEqual("Pendulum-v1", pendulum.EnvironmentId);
        Assert.AreEqual(4, pendulum.NumberOfEnvironments);
        Assert.AreEqual(100_000L, pendulum.TotalTimesteps);
        Assert.AreEqual(1024, pendulum.StepsPerUpdate);
        Assert.AreEqual(0.95, pendulum.GaeLambda);
        Assert.AreEqual(0.9, pendulum.Gamma);
        Assert.AreEqual(10, pendulum.Epochs);
        Assert.AreEqual(0.0, pendulum.EntropyCoefficient);
        Assert.AreEqual(1e-3, pendulum.LearningRate);
        Assert.AreEqual(0.2, pendulum.ClipRange);

        // Acrobot-v1: n_envs 16, n_timesteps 1e6, n_steps 256, gae_lambda 0.94, gamma 0.99, n_epochs 4, ent_coef 0.0
        // (normalize: true left out); batch_size 64, learning_rate 3e-4 and clip_range 0.2 are Stable-Baselines3's defaults.
        var acrobot = TrainerPresets.Options<PpoTrainer.Options>("ppo-acrobot");
        Assert.AreEqual("Acrobot-v1", acrobot.EnvironmentId);
        Assert.AreEqual(16, acrobot.NumberOfEnvironments);
        Assert.AreEqual(1_000_000L, acrobot.TotalTimesteps);
        Assert.AreEqual(256, acrobot.StepsPerUpdate);
        Assert.AreEqual(0.94, acrobot.GaeLambda);
        Assert.AreEqual(0.99, acrobot.Gamma);
        Assert.AreEqual(4, acrobot.Epochs);
        Assert.AreEqual(0.0, acrobot.EntropyCoefficient);
        Assert.AreEqual(64, acrobot.MinibatchSize);
        Assert.AreEqual(3e-4, acrobot.LearningRate);
        Assert.AreEqual(0.2, acrobot.ClipRange);
        StringAssert.Contains(TrainerPresets.Get("ppo-acrobot").Description, "normalize");
    }

    [TestMethod]
    public void TheRlZoosDqnSettingsAreTheZoos()
    {
        // dqn.yml: (n_timesteps, learning_rate, batch_size, buffer_size, learning_starts, gamma, target_update_interval,
        // train_freq, gradient_steps, exploration_fraction, exploration_final_eps), net_arch [256, 256] for all three.
        (string Preset, string Env, long Steps, double Rate, int Batch, int Buffer, long Starts, double Gamma, int Target, int Frequency, int Gradients, double Fraction, double Final)[] zoo =
        [
            ("dqn-cartpole", "CartPole-v1", 50_000, 2.3e-3, 64, 100_000, 1_000, 0.99, 10, 256, 128, 0.16, 0.04),
            ("dqn-acrobot", "Acrobot-v1", 100_000, 6.3e-4, 128, 50_000, 0, 0.99, 250, 4, -1, 0.12, 0.1),
            ("dqn-mountaincar", "MountainCar-v0", 120_000, 4e-3, 128, 10_000, 1_000, 0.98, 600, 16, 8, 0.2, 0.07),
        ];
        foreach (var z in zoo)
        {
            var o = TrainerPresets.Options<DqnTrainer.Options>(z.Preset);
            Assert.AreEqual(z.Env, o.EnvironmentId, z.Preset);
            Assert.AreEqual(z.Steps, o.TotalTimesteps, z.Preset);
            Assert.AreEqual(z.Rate, o.LearningRate, z.Preset);
            Assert.AreEqual(z.Batch, o.BatchSize, z.Preset);
            Assert.AreEqual(z.Buffer, o.BufferSize, z.Preset);
            Assert.AreEqual(z.Starts, o.LearningStarts, z.Preset);
            Assert.AreEqual(z.Gamma, o.Gamma, z.Preset);
            Assert.AreEqual(z.Target, o.TargetUpdateInterval, z.Preset);
            Assert.AreEqual(z.Frequency, o.TrainFrequency, z.Preset);
            Assert.AreEqual(z.Gradients, o.GradientSteps, z.Preset);
            Assert.AreEqual(z.Fraction, o.ExplorationFraction, z.Preset);
            Assert.AreEqual(z.Final, o.ExplorationFinal, z.Preset);
            Assert.AreEqual("256,256", OptionText.Write(o).Single(p => p.Key == "Network.HiddenSizes").Value, z.Preset);
        }
    }

    [TestMethod]
    public void TheTypedRecurrentDqnPresetsAreTheFilesOnTheLibrarysEnvironmentFactories()
    {
        var masked = RecurrentDqnPresets.MaskedCartPole();
        var integration = RecurrentDqnPresets.Integration();
        foreach (var (typed, file) in new[] { (masked, "mpn-dqn-masked-cartpole"), (integration, "mpn-dqn-integration") })
        {
            var fromFile = TrainerPresets.Options<RecurrentDqnTrainer.Options>(file);
            fromFile.EnvironmentId = null;   // the file names the tool's id; the typed preset carries the factory instead
            CollectionAssert.AreEqual(OptionText.Write(fromFile).ToArray(), OptionText.Write(typed).ToArray(), file);
            Assert.IsNotNull(typed.EnvironmentFactory, file);
        }
        Assert.AreEqual(CliEnvironments.MaskedCartPole, TrainerPresets.Get("mpn-dqn-masked-cartpole")["EnvironmentId"]);
        Assert.AreEqual(RecurrentDqnPresets.IntegrationId, TrainerPresets.Get("mpn-dqn-integration")["EnvironmentId"]);

        // The values the typed presets held as C# before they read the files (the multi-plasticity experiments' settings).
        var core = Assert.IsInstanceOfType<MultiPlasticityOptions>(masked.Core);
        Assert.AreEqual((0.5, 0.5, 64), (core.Decay, core.HebbianRate, core.HiddenSize));
        Assert.AreEqual((100_000L, 1e-3, 100_000, 1_000L, 32), (masked.TotalTimesteps, masked.LearningRate, masked.BufferSize, masked.LearningStarts, masked.BatchSize));
        Assert.AreEqual((16, 16, 0.99, 4, 1), (masked.SequenceLength, masked.BurnIn, masked.Gamma, masked.TrainFrequency, masked.GradientSteps));
        Assert.AreEqual((1, 0.005, 0.2, 0.05, true, 2_000), (masked.TargetUpdateInterval, masked.Tau, masked.ExplorationFraction, masked.ExplorationFinal, masked.DoubleQ, masked.StepsPerIteration));
        Assert.IsFalse(masked.WholeEpisodes);
        var integrationCore = Assert.IsInstanceOfType<MultiPlasticityOptions>(integration.Core);
        Assert.AreEqual((0.99, new MultiPlasticityOptions().HebbianRate), (integrationCore.Decay, integrationCore.HebbianRate));
        Assert.AreEqual((30_000L, 21, 0, true), (integration.TotalTimesteps, integration.SequenceLength, integration.BurnIn, integration.WholeEpisodes));
        Assert.AreEqual((1e-3, 0.005, true), (integration.LearningRate, integration.Tau, integration.DoubleQ));
        var gru = new GruCoreOptions();
        Assert.AreSame(gru, RecurrentDqnPresets.MaskedCartPole(gru).Core, "A given memory replaces the preset's.");
    }

    [TestMethod]
    public void TheProjectsRlPresetsHoldTheSamplesSettings()
    {
        var spiking = TrainerPresets.Options<PpoTrainer.Options>("ppo-spiking-cartpole");
        var network = Assert.IsInstanceOfType<SpikingPolicyOptions>(spiking.Policy);
        Assert.AreEqual((128, 8), (network.HiddenSizes.Single(), network.TimeSteps));
        Assert.AreEqual((100_000L, 10, 100, 475.0), (spiking.TotalTimesteps, spiking.EvaluationInterval, spiking.EvaluationEpisodes, spiking.StopAtEvaluationReturn));
        var zoo = OptionText.Write(PpoPresets.CartPole()).Where(p => !p.Key.StartsWith("Policy", StringComparison.Ordinal)
            && p.Key is not (nameof(PpoTrainer.Options.TotalTimesteps) or nameof(PpoTrainer.Options.EvaluationInterval) or nameof(PpoTrainer.Options.EvaluationEpisodes) or nameof(PpoTrainer.Options.StopAtEvaluationReturn)));
        foreach (var (path, text) in zoo)
            Assert.AreEqual(text, OptionText.Write(spiking).Single(p => p.Key == path).Value, $"ppo-spiking-cartpole keeps ppo-cartpole's {path}.");

        foreach (var name in new[] { "q-learning-taxi", "sarsa-taxi", "expected-sarsa-taxi", "stdp-q-taxi" })
        {
            var preset = TrainerPresets.Get(name);
            var tabular = (TabularOptions)preset.ApplyTo(AlgorithmRegistry.Get(preset.Algorithm).CreateOptions());
            Assert.AreEqual(("Taxi-v3", 200_000L, 0.5, 0.99, 20), (tabular.EnvironmentId, tabular.TotalTimesteps, tabular.LearningRate, tabular.Gamma, tabular.EvaluationEpisodes), name);
        }

        var rstdp = TrainerPresets.Options<RewardModulatedStdpTrainer.Options>("rstdp-lane-keeping");
        Assert.AreEqual((CliEnvironments.LaneKeepingCurriculum, 500), (rstdp.EnvironmentId, rstdp.Episodes));
        var maze = TrainerPresets.Options<SpikingMazeAgentTrainer.Options>("spiking-maze");
        Assert.AreEqual((CliEnvironments.Maze8x8, 150, 5, 1), (maze.EnvironmentId, maze.Episodes, maze.EvaluationInterval, maze.EvaluationEpisodes));
        var maml = TrainerPresets.Options<MamlRlTrainer.Options>("maml-rl-gridworld");
        Assert.AreEqual((1, 0.5, 20, 20, 100, 3e-3), (maml.InnerSteps, maml.InnerLearningRate, maml.InnerEpisodes, maml.MetaBatchSize, maml.MetaIterations, maml.OuterLearningRate));
        CollectionAssert.AreEqual(new[] { 32, 32 }, maml.Policy.HiddenSizes);
    }

    [TestMethod]
    public void TheCommandLineDocsListEveryRlAlgorithmPresetAndToolId()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Synaptic.ML.sln")))
            root = root.Parent;
        Assert.IsNotNull(root, "The repository root (Synaptic.ML.sln) is above the test's folder.");
        var text = File.ReadAllText(Path.Combine(root.FullName, "docs", "command-line.md")).Replace("\r\n", "\n");
        const string Heading = "## Presets and algorithms (reinforcement learning)";
        var start = text.IndexOf(Heading + "\n", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"docs/command-line.md has the section '{Heading}'.");
        var next = text.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? text[start..] : text[start..next];
        var names = AlgorithmRegistry.All.Where(IsReinforcementLearning).Select(a => a.Name)
            .Concat(AlgorithmRegistry.AlternativeNames.Keys)
            .Concat(RlPresets().Select(p => p.Name))
            .Concat(CliEnvironments.Registrations.Select(r => r.Id))
            .Concat(CliEnvironments.Curricula.Select(c => c.Id))
            .Concat(CliTaskDistributions.All.Select(d => d.Id));
        foreach (var name in names)
            StringAssert.Contains(section, $"`{name}`", $"The RL section of docs/command-line.md lists {name}.");
    }
}
