namespace Synaptic.ML.Trainers;

/// <summary>
/// Something that runs beside a trainer's loop (Stable-Baselines3's callbacks): evaluation, keeping the best
/// model, checkpoints, stopping at a target, progress. The loop of every trainer is "iterate, then callbacks".
/// Each iteration calls <see cref="OnIteration"/> on every callback in order (metrics recorded there belong to
/// the iteration), then writes the iteration to the history, then calls <see cref="OnIterationRecorded"/>.
/// The training clock is paused while callbacks run.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Called once before the first iteration (after a resumed run's state was read).</summary>
    /// <param name="run">The run.</param>
    public virtual void OnTrainingStart(TrainingRun run)
    {
    }

    /// <summary>Called after each iteration, before its metrics are written to the history.</summary>
    /// <param name="run">The run.</param>
    public virtual void OnIteration(TrainingRun run)
    {
    }

    /// <summary>Called after each iteration's metrics were written to the history.</summary>
    /// <param name="run">The run.</param>
    public virtual void OnIterationRecorded(TrainingRun run)
    {
    }

    /// <summary>Called once when the loop ended (budget spent or stop requested), before the model is returned.</summary>
    /// <param name="run">The run.</param>
    public virtual void OnTrainingEnd(TrainingRun run)
    {
    }

    /// <summary>Writes the callback's own state into a training checkpoint (nothing by default).</summary>
    /// <param name="writer">The checkpoint.</param>
    public virtual void WriteState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, when training resumes.</summary>
    /// <param name="reader">The checkpoint.</param>
    public virtual void ReadState(BinaryReader reader)
    {
    }
}
