using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The layer the managed plasticity trainers share (<see cref="RewardModulatedStdpTrainer"/>,
/// <see cref="SpikingMazeAgentTrainer"/>): one environment and one episode per iteration, discrete actions, no
/// TorchSharp; a random stream that seeds every reset (and the learner's own draws); the episode bookkeeping; and
/// checkpoints written between episodes — the learned state, the stream, the step count, what the learner adds, and
/// the episode counters — so that a resumed run equals the uninterrupted one. Evaluation, the best policy, progress and
/// cancellation come from <see cref="EnvironmentTrainer{TOptions}"/>.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class PlasticityTrainer<TOptions> : EnvironmentTrainer<TOptions>
    where TOptions : EnvironmentTrainerOptions
{
    private SplitMix64 _random;
    private EpisodeTracker? _episodes;
    private long _environmentSteps;

    private protected PlasticityTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    private protected sealed override bool UsesTorch => false;

    private protected sealed override (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsFor(Env env) => (false, 1, []);

    /// <summary>The stream of every reset seed and of the learner's draws; saved in checkpoints.</summary>
    private protected ref SplitMix64 TrainingRandom => ref _random;

    /// <summary>Environment steps taken so far in this run.</summary>
    private protected long EnvironmentSteps => _environmentSteps;

    /// <summary>The episode bookkeeping of the running training.</summary>
    private protected EpisodeTracker Episodes => _episodes ?? throw new InvalidOperationException("No training is running.");

    /// <summary>The length in bytes of <see cref="EnvironmentTrainer{TOptions}.SnapshotWeights"/>, which a checkpoint reads back.</summary>
    private protected abstract int SnapshotLength { get; }

    /// <summary>Starts the bookkeeping of a run: the stream, no steps yet, and an episode tracker that names <paramref name="requirement"/> when it refuses a value.</summary>
    private protected void BeginEpisodes(SplitMix64 random, string requirement)
    {
        _random = random;
        _environmentSteps = 0;
        _episodes = new EpisodeTracker(1, EnvironmentId, requirement);
    }

    /// <summary>Ends the bookkeeping of a run.</summary>
    private protected void EndEpisodes() => _episodes = null;

    /// <summary>Starts an episode: resets <paramref name="env"/> with a seed drawn from the stream.</summary>
    private protected void ResetEnvironment(Env env, Span<float> observation)
    {
        Episodes.Start(0);
        env.Reset(observation, (int)(_random.NextUInt64() >> 33));
    }

    /// <summary>Takes one environment step and books its reward (refusing a non-finite one, naming the episode and step).</summary>
    private protected StepOutcome StepEnvironment(Env env, ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = env.Step(action, observation);
        _environmentSteps++;
        Episodes.Step(0, outcome.Reward, _environmentSteps);
        return outcome;
    }

    /// <summary>Closes the running episode.</summary>
    private protected EpisodeRecord EndEpisode(TrainingRun run) => Episodes.End(0, _environmentSteps, run.Clock.Seconds, run.Iteration);

    /// <summary>Writes what the learner keeps besides the snapshot (a baseline, a critic); nothing by default.</summary>
    private protected virtual void WriteLearnerState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteLearnerState"/> wrote.</summary>
    private protected virtual void ReadLearnerState(BinaryReader reader)
    {
    }

    // Checkpoints are written between episodes, when eligibility traces are clear and the next episode starts with a
    // reset seeded from the stream.
    private protected sealed override void WriteState(BinaryWriter writer)
    {
        writer.Write(SnapshotWeights());
        writer.Write(_random.State);
        writer.Write(_environmentSteps);
        WriteLearnerState(writer);
        Episodes.Write(writer);
    }

    private protected sealed override void ReadState(BinaryReader reader)
    {
        RestoreWeights(reader.ReadBytes(SnapshotLength));
        _random = new SplitMix64(reader.ReadUInt64());
        _environmentSteps = reader.ReadInt64();
        ReadLearnerState(reader);
        Episodes.Read(reader);
    }
}
