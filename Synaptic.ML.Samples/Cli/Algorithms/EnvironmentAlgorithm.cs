using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A trainer that learns in an environment named by its registry id (<see cref="EnvironmentTrainerOptions.EnvironmentId"/>)
/// and makes a <see cref="PolicyTransformer"/>: evaluated over episodes (mean return, success rate against the
/// environment's reward threshold) and rendered as GIFs of greedy episodes.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <param name="name">The name after <c>--algo</c>.</param>
/// <param name="summary">One line for the algorithm list.</param>
/// <param name="defaultPreset">The preset used when none is given.</param>
/// <param name="create">Makes the estimator from the context and options (a catalog call).</param>
public class EnvironmentAlgorithm<TOptions>(string name, string summary, string defaultPreset, Func<MLContext, TOptions, IEstimator<PolicyTransformer>> create)
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
    public override string EnvironmentKind => "environment id";

    /// <inheritdoc />
    public override string? EnvironmentOf(TrainerOptions options) => ((TOptions)options).EnvironmentId;

    /// <inheritdoc />
    public override void UseEnvironment(TrainerOptions options, string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        EnvRegistry.Spec(environment);   // an unknown id is named here, with the closest known one
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
        var env = EnvRegistry.Make(environment);
        var schemaSource = ml.Synaptic().Data.Rollout(env, episodes: 1);   // Fit reads the observation column's schema
        var policy = create(ml, (TOptions)options).Fit(schemaSource);
        return new TrainedModel(policy, schemaSource.Schema, policy.TrainingHistory);
    }

    /// <inheritdoc />
    public override EvaluationSummary Evaluate(MLContext ml, ITransformer model, string environment, int episodes, int seed)
    {
        var policy = Policy(model);
        var threshold = EnvRegistry.Spec(environment).RewardThreshold;
        var evaluation = ml.Synaptic().Evaluate(policy, () => EnvRegistry.Make(environment), episodes, seed, threshold);
        return new EvaluationSummary("return", evaluation.Returns, threshold is null ? null : evaluation.SuccessRate);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Render(MLContext ml, ITransformer model, string environment, string directory, int episodes, int seed)
    {
        var policy = Policy(model).AsEpisodicPolicy();
        Directory.CreateDirectory(directory);
        var recorder = new RecordGif(EnvRegistry.Make(environment), directory, episodeTrigger: _ => true, namePrefix: "policy");
        try
        {
            var observation = new float[recorder.ObservationSpace.Size];
            var action = new float[recorder.ActionSpace.Size];
            for (var episode = 0; episode < episodes; episode++)
            {
                recorder.Reset(observation, seed + episode);
                policy.StartEpisode();
                StepOutcome outcome;
                do
                {
                    policy.Act(observation, action);
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

    private static PolicyTransformer Policy(ITransformer model) => model as PolicyTransformer
        ?? throw new ArgumentException($"The model is a {model.GetType().Name}, not a policy; it cannot act in an environment.", nameof(model));
}
