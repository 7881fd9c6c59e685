using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>Shows a run's progress while it trains: a live display on a terminal, plain lines when output is redirected.</summary>
public interface ITrainingDisplay
{
    /// <summary>Runs <paramref name="train"/>, giving it the progress sink to pass to the trainer.</summary>
    /// <typeparam name="T">What training returns.</typeparam>
    /// <param name="label">What is training.</param>
    /// <param name="metrics">The run's latest metrics, shown beside the progress.</param>
    /// <param name="train">The training, given the progress sink.</param>
    /// <returns>What <paramref name="train"/> returned.</returns>
    T Run<T>(string label, StopOnRequestCallback metrics, Func<IProgress<TrainingProgress>, T> train);

    /// <summary>Writes a line of results.</summary>
    /// <param name="line">The line.</param>
    void WriteLine(string line);
}
