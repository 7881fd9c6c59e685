using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// <c>maml-rl</c>: MAML for reinforcement learning (<see cref="MamlRlTrainer"/>), which trains on a task distribution
/// rather than one environment. <c>--env</c> names one of the tool's distributions (<see cref="CliTaskDistributions"/>;
/// the options cannot hold one as text, so a run without <c>--env</c> uses <see cref="CliTaskDistributions.GridWorldGoals5x5"/>).
/// Evaluation adapts the meta-learned policy to each held-out task with the run's own inner loop (its
/// <see cref="MamlRlTrainer.Options.InnerSteps"/>, <see cref="MamlRlTrainer.Options.InnerLearningRate"/>,
/// <see cref="MamlRlTrainer.Options.InnerEpisodes"/>…, read from the run's <c>config.json</c>; a bare zip carries none
/// and is adapted with the default preset's: one REINFORCE step of 20 episodes, α 0.5) and scores the adapted policy's
/// mean return there; render records an adapted episode per held-out task.
/// </summary>
public sealed class MamlRlAlgorithm : CliAlgorithm
{
    /// <summary>Evaluations (and the best policy) every this many meta-iterations when the options ask for none.</summary>
    public const int DefaultInterval = 10;

    /// <inheritdoc />
    public override string Name => "maml-rl";

    /// <inheritdoc />
    public override string Summary => "MAML for RL: a policy that adapts to a new task in a few policy-gradient steps; --env names a task distribution (GridWorldGoals-5x5-v0); eval adapts to held-out tasks.";

    /// <inheritdoc />
    public override string DefaultPreset => "maml-rl-gridworld";

    /// <inheritdoc />
    public override Type OptionsType => typeof(MamlRlTrainer.Options);

    /// <inheritdoc />
    public override string BudgetSetting => nameof(MamlRlTrainer.Options.MetaIterations);

    /// <inheritdoc />
    public override string EnvironmentKind => "task distribution";

    /// <inheritdoc />
    public override string? EnvironmentOf(TrainerOptions options) => CliTaskDistributions.GridWorldGoals5x5;

    /// <inheritdoc />
    public override void UseEnvironment(TrainerOptions options, string environment) => CliTaskDistributions.Get(environment);

    /// <inheritdoc />
    public override void UseFolder(TrainerOptions options, ExperimentFolder folder)
    {
        base.UseFolder(options, folder);
        var o = (MamlRlTrainer.Options)options;
        if (o.EvaluationInterval == 0)
            o.EvaluationInterval = DefaultInterval;   // best.zip: the trainer keeps the best evaluated policy in the checkpoint folder
    }

    /// <inheritdoc />
    public override TrainedModel Train(MLContext ml, TrainerOptions options, string environment)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var o = (MamlRlTrainer.Options)options;
        o.Tasks = CliTaskDistributions.Get(environment).Create();
        var observations = ml.Synaptic().Data.Rollout(o.Tasks.Sample(0)(), episodes: 1);   // Fit reads the observation column's schema
        var policy = ml.Synaptic().Trainers.MamlReinforcement(o).Fit(observations);
        return new TrainedModel(policy, observations.Schema, policy.TrainingHistory);
    }

    /// <inheritdoc />
    public override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed) =>
        Evaluate(ml, model, environment, episodes, seed, trainedWith: null);

    /// <inheritdoc />
    public override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed, TrainerOptions? trainedWith)
    {
        var policy = Policy(model);
        var distribution = CliTaskDistributions.Get(environment);
        var adaptation = Adaptation(trainedWith);
        var trainer = Adapter(ml, distribution, adaptation);
        var scores = new List<double>();
        for (var i = 0; i < distribution.HeldOut.Count; i++)
        {
            var task = distribution.HeldOut[i].Make;
            using var adapted = trainer.Adapt(policy, task, adaptation.InnerSteps, seed + i);
            using var sampling = adapted.WithSampling((ulong)(seed + i));
            scores.Add(ml.Synaptic().Evaluate(sampling, task(), episodes, seed + i).MeanReturn);   // a sampling policy plays one environment
        }
        return new EvaluationSummary("return after adaptation (one score per held-out task)", scores, null);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed) =>
        Render(ml, model, environment, directory, episodes, seed, trainedWith: null);

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed, TrainerOptions? trainedWith)
    {
        var policy = Policy(model);
        var distribution = CliTaskDistributions.Get(environment);
        var adaptation = Adaptation(trainedWith);
        var trainer = Adapter(ml, distribution, adaptation);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var task = distribution.HeldOut[episode % distribution.HeldOut.Count];
            using var adapted = trainer.Adapt(policy, task.Make, adaptation.InnerSteps, seed + episode);
            using var sampling = adapted.WithSampling((ulong)(seed + episode));
            var actor = sampling.AsEpisodicPolicy();
            var round = episode / distribution.HeldOut.Count;   // past the last held-out task, the first again, in a file of its own
            using var recorder = new RecordGif(task.Make(), directory, episodeTrigger: _ => true, namePrefix: round == 0 ? $"adapted-{task.Name}" : $"adapted-{task.Name}-{round}");
            var observation = new float[recorder.ObservationSpace.Size];
            var action = new float[recorder.ActionSpace.Size];
            recorder.Reset(observation, seed + episode);
            actor.StartEpisode();
            StepOutcome outcome;
            do
            {
                actor.Act(observation, action);
                outcome = recorder.Step(action, observation);
            }
            while (!outcome.Done);
            recorder.Dispose();   // closes the GIF before its name is listed
            files.AddRange(recorder.Files);
        }
        return files;
    }

    /// <summary>
    /// The inner loop of adaptation: the run's (a copy of the options it trained with, as their text) or, for a bare zip
    /// (the model does not store its options), the default preset's.
    /// </summary>
    /// <param name="trainedWith">The options the model was trained with, or null.</param>
    /// <returns>Options to adapt with, apart from the task distribution.</returns>
    public MamlRlTrainer.Options Adaptation(TrainerOptions? trainedWith)
    {
        var options = TrainerPresets.Options<MamlRlTrainer.Options>(DefaultPreset);
        if (trainedWith is not null)
            OptionText.SetAll(options, OptionText.Write(trainedWith as MamlRlTrainer.Options
                ?? throw new ArgumentException($"{Name} trains with {nameof(MamlRlTrainer)}.{nameof(MamlRlTrainer.Options)}, not {trainedWith.GetType().Name}.", nameof(trainedWith))));
        return options;
    }

    private static MamlRlTrainer Adapter(MLContext ml, CliTaskDistribution distribution, MamlRlTrainer.Options options)
    {
        options.Tasks = distribution.Create();
        return ml.Synaptic().Trainers.MamlReinforcement(options);
    }

    private static PolicyTransformer Policy(ITransformer model) => model as PolicyTransformer
        ?? throw new ArgumentException($"The model is a {model?.GetType().Name ?? "null"}, not a policy.", nameof(model));
}
