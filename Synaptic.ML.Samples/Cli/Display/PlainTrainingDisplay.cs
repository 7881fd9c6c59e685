using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Progress as plain lines (the library's <see cref="ConsoleProgressBar"/> in its redirected form: a line per tenth of
/// the budget and per new evaluation), for logs, CI and redirected output; or nothing at all when quiet.
/// </summary>
/// <param name="writer">Where lines go.</param>
/// <param name="quiet">Whether to leave progress out (results are still written).</param>
public sealed class PlainTrainingDisplay(TextWriter writer, bool quiet = false) : ITrainingDisplay
{
    /// <inheritdoc />
    public T Run<T>(string label, StopOnRequestCallback metrics, Func<IProgress<TrainingProgress>, T> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (quiet)
            return train(Silent.Instance);
        var bar = new ConsoleProgressBar(label, writer, inPlace: false);
        var result = train(bar);
        bar.Complete(metrics.Stopped ? "interrupted" : "done");
        return result;
    }

    /// <inheritdoc />
    public void WriteLine(string line) => writer.WriteLine(line);

    private sealed class Silent : IProgress<TrainingProgress>
    {
        public static readonly Silent Instance = new();

        public void Report(TrainingProgress value)
        {
        }
    }
}
