using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A trainer that learns in an environment named by its registry id (<see cref="EnvironmentTrainerOptions.EnvironmentId"/>)
/// or by one of the tool's curriculum ids (<see cref="CliEnvironments"/>), and makes a <see cref="PolicyTransformer"/>:
/// evaluated over episodes (mean return, success rate against the environment's reward threshold) and rendered as
/// GIFs of greedy episodes, with the spike raster beside the frame for a spiking actor (<see cref="SpikingPolicyOptions"/>).
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator from the context and options (a catalog call).</param>
/// <param name="budgetSetting">The setting <c>--budget</c> sets; default <see cref="EnvironmentTrainerOptions.TotalTimesteps"/>.</param>
public class EnvironmentAlgorithm<TOptions>(string name, string summary, string defaultPreset, Func<MLContext, TOptions, IEstimator<PolicyTransformer>> create,
    string budgetSetting = nameof(EnvironmentTrainerOptions.TotalTimesteps))
    : CliAlgorithm where TOptions : EnvironmentTrainerOptions, new()
{
    /// <summary>Evaluations and checkpoints every this many iterations when the options ask for none.</summary>
    public const int DefaultInterval = 10;

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Summary => summary;

    /// <inheritdoc />
    public override string DefaultPreset => defaultPreset;

    /// <inheritdoc />
    public override Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public override string BudgetSetting => budgetSetting;

    /// <inheritdoc />
    public override string EnvironmentKind => "environment id";

    /// <inheritdoc />
    public override string? EnvironmentOf(TrainerOptions options) => ((TOptions)options).EnvironmentId;

    /// <inheritdoc />
    public override void UseEnvironment(TrainerOptions options, string environment)
    {
        CliEnvironments.Check(environment);   // an unknown id is named here, with the closest known one
        ((TOptions)options).EnvironmentId = environment;
    }

    /// <inheritdoc />
    public override void UseFolder(TrainerOptions options, ExperimentFolder folder)
    {
        base.UseFolder(options, folder);
        var o = (TOptions)options;
        // best.zip needs evaluations and Ctrl+C needs checkpoints: a run that asks for neither gets both every 10 iterations.
        if (o.EvaluationInterval == 0)
            o.EvaluationInterval = DefaultInterval;
        if (o.CheckpointInterval == 0)
            o.CheckpointInterval = DefaultInterval;
    }

    /// <inheritdoc />
    public override TrainedModel Train(MLContext ml, TrainerOptions options, string environment)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var o = (TOptions)options;
        CliEnvironments.UseCurriculum(o, environment);   // a curriculum id: the options' Curriculum (text cannot hold it)
        var env = CliEnvironments.Make(environment);
        var schemaSource = ml.Synaptic().Data.Rollout(env, episodes: 1);   // Fit reads the observation column's schema
        var policy = create(ml, o).Fit(schemaSource);
        return new TrainedModel(policy, schemaSource.Schema, policy.TrainingHistory);
    }

    /// <inheritdoc />
    public override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed)
    {
        var policy = Policy(model);
        var threshold = CliEnvironments.RewardThreshold(environment);
        var evaluation = ml.Synaptic().Evaluate(policy, () => CliEnvironments.Make(environment), episodes, seed, threshold);
        return new EvaluationSummary("return", evaluation.Returns, threshold is null ? null : evaluation.SuccessRate);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed)
    {
        var policy = Policy(model);
        Directory.CreateDirectory(directory);
        return policy.Model is ActorCriticPolicy { Network: SpikingPolicyOptions } spiking
            ? RenderWithSpikes(policy, spiking, environment, directory, episodes, seed)
            : RenderFrames(policy, environment, directory, episodes, seed);
    }

    /// <summary>The model as a policy.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">The model is not a policy.</exception>
    protected static PolicyTransformer Policy(ITransformer model) => model as PolicyTransformer
        ?? throw new ArgumentException($"The model is a {model?.GetType().Name ?? "null"}, not a policy; it cannot act in an environment.", nameof(model));

    private static List<string> RenderFrames(PolicyTransformer policy, string environment, string directory, int episodes, int seed)
    {
        var actor = policy.AsEpisodicPolicy();
        var recorder = new RecordGif(CliEnvironments.Make(environment), directory, episodeTrigger: _ => true, namePrefix: "policy");
        try
        {
            var observation = new float[recorder.ObservationSpace.Size];
            var action = new float[recorder.ActionSpace.Size];
            for (var episode = 0; episode < episodes; episode++)
            {
                recorder.Reset(observation, seed + episode);
                actor.StartEpisode();
                StepOutcome outcome;
                do
                {
                    actor.Act(observation, action);
                    outcome = recorder.Step(action, observation);
                }
                while (!outcome.Done);
            }
        }
        finally
        {
            recorder.Dispose();   // closes the last GIF
        }
        return [.. recorder.Files];
    }

    // Each decision's hidden spikes come from the same forward pass as the action (TraceSpikes), drawn beside the frame it was taken on.
    private static List<string> RenderWithSpikes(PolicyTransformer policy, ActorCriticPolicy model, string environment, string directory, int episodes, int seed)
    {
        var actor = policy.AsEpisodicPolicy();
        var files = new List<string>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var env = CliEnvironments.Make(environment);
            try
            {
                var observation = new float[env.ObservationSpace.Size];
                var action = new float[env.ActionSpace.Size];
                env.Reset(observation, seed + episode);
                actor.StartEpisode();
                var frame = env.Render();
                var path = Path.Combine(directory, $"policy-spikes-episode-{episode}.gif");
                var trace = model.TraceSpikes(observation)!;
                using var gif = new SpikeRasterGif(path, frame.Width, frame.Height, trace.Steps, trace.LayerSizes);
                StepOutcome outcome;
                do
                {
                    trace ??= model.TraceSpikes(observation)!;
                    gif.Add(frame, trace);
                    trace = null;
                    actor.Act(observation, action);
                    outcome = env.Step(action, observation);
                    frame = env.Render();
                }
                while (!outcome.Done);
                gif.Add(frame, null);   // where the episode ended
                files.Add(path);
            }
            finally
            {
                (env as IDisposable)?.Dispose();
            }
        }
        return files;
    }
}
