using System.Diagnostics;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Training time: a stopwatch that can be paused while the trainer does work that is not training
/// (evaluations, checkpoints, saving the best model), and that continues from the time of a resumed checkpoint.
/// </summary>
public sealed class TrainingClock
{
    private readonly Stopwatch _watch = new();
    private double _before;

    internal TrainingClock(double secondsBefore = 0)
    {
        _before = secondsBefore;
        _watch.Start();
    }

    /// <summary>Training seconds so far (pauses excluded).</summary>
    public double Seconds => _before + _watch.Elapsed.TotalSeconds;

    /// <summary>Whether the clock is paused.</summary>
    public bool IsPaused => !_watch.IsRunning;

    internal void Pause() => _watch.Stop();

    internal void Resume() => _watch.Start();

    internal void Restore(double seconds)
    {
        _before = seconds;
        _watch.Restart();
    }
}
