using Microsoft.ML;
using Synaptic.ML.Tests.TestDoubles;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Contract;

/// <summary>
/// The trainer contract's common part for trainers that learn from an environment (options of
/// <see cref="EnvironmentTrainerOptions"/>, a <see cref="PolicyTransformer"/> out): the policy's history, checkpoints
/// every few iterations and resuming from one, and a faulty environment whose NaN observation is named.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class EnvironmentContractTests<TOptions> : TrainerContractTests<TOptions, PolicyTransformer>
    where TOptions : EnvironmentTrainerOptions
{
    protected override TrainingHistory? History(PolicyTransformer model) => model.TrainingHistory;

    protected override bool SupportsResume => true;

    protected override void CheckpointEvery(TOptions options, string directory, int iterations)
    {
        options.CheckpointDirectory = directory;
        options.CheckpointInterval = iterations;
    }

    protected override void ResumeFrom(TOptions options, string checkpoint) => options.ResumeFrom = checkpoint;

    /// <summary>
    /// The small options on one <see cref="FaultyEnv"/> (a continuous observation that turns NaN at a known step), no
    /// evaluation, with CartPole episodes to fit on and the message that must name the step.
    /// </summary>
    protected (TOptions Options, IDataView Data, string Named) FaultyContinuousEnvironment(MLContext ml)
    {
        FaultyEnv.Restart();
        var options = SmallOptions(1);
        options.EnvironmentId = null;
        options.EnvironmentFactory = () => new FaultyEnv();
        options.NumberOfEnvironments = 1;
        options.EvaluationInterval = 0;
        return (options, TrainedPolicies.Episodes(ml, "CartPole-v1"), $"returned observation element 0 = NaN at step {FaultyEnv.BadStep} of episode");
    }
}
