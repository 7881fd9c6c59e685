using System.Diagnostics;
using System.Globalization;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Shows a trainer's progress (its <c>Progress</c> option, any trainer) on the console: one line redrawn in place with
/// <c>\r</c> — percent of the step budget, steps, mean return of the last 100 episodes, the last evaluation and
/// the training seconds. When the output is redirected (a file, a pipe, CI) carriage returns would pile up, so
/// it writes plain lines instead: one per new evaluation and one per tenth of the budget.
/// </summary>
/// <remarks>
/// It implements <see cref="IProgress{T}"/> itself rather than using <see cref="Progress{T}"/>: in a console
/// application <see cref="Progress{T}"/> posts each report to the thread pool, so reports can arrive out of
/// order, interleave with other output, or arrive after <c>Fit</c> has returned. The trainer calls
/// <see cref="Report"/> on its own thread after every update, so drawing here is synchronous and ordered.
/// Not thread-safe: give each concurrent training its own instance.
/// </remarks>
/// <example>
/// <code>
/// var progress = new ConsoleProgressBar("PPO CartPole");
/// var options = new PpoTrainer.Options { EnvironmentId = "CartPole-v1", Progress = progress };
/// var policy = ml.Synaptic().Trainers.Ppo(options).Fit(episodes);
/// progress.Complete("done");   // PPO CartPole: [########################] 100% | 100,000/100,000 steps | mean return  480.2 | eval — | 9.8 s | done
/// </code>
/// </example>
public sealed class ConsoleProgressBar : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _label;
    private readonly TextWriter _writer;
    private readonly bool _inPlace;
    private readonly Stopwatch _sinceRedraw = Stopwatch.StartNew();
    private TrainingProgress? _last;
    private TrainingProgress? _lastPrinted;
    private double? _lastPrintedEvaluation;
    private int _lastPrintedTenth = -1;
    private int _lineLength;

    /// <summary>Creates a progress display on the console; in place unless the output is redirected.</summary>
    /// <param name="label">Names the run at the start of each line, e.g. "PPO SNN".</param>
    public ConsoleProgressBar(string label)
        : this(label, Console.Out, inPlace: !Console.IsOutputRedirected)
    {
    }

    /// <summary>Creates a progress display on <paramref name="writer"/>.</summary>
    /// <param name="label">Names the run at the start of each line.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="inPlace">Whether to redraw one line with <c>\r</c> (a terminal) or write plain lines.</param>
    public ConsoleProgressBar(string label, TextWriter writer, bool inPlace)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(writer);
        _label = label;
        _writer = writer;
        _inPlace = inPlace;
    }

    /// <summary>Draws <paramref name="value"/>: redraws the line (the first report, then at most every 100 ms, and always on a new evaluation), or writes a plain line when something worth a line happened.</summary>
    /// <param name="value">The trainer's progress after an update.</param>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = _last is null;
        var newEvaluation = value.LastEvaluationReturn != _last?.LastEvaluationReturn;
        _last = value;
        if (_inPlace)
        {
            if (!first && !newEvaluation && _sinceRedraw.Elapsed < RedrawInterval)
                return;
            Redraw(Describe(value));
            _sinceRedraw.Restart();
            return;
        }
        var tenth = (int)Math.Floor(value.Fraction * 10);
        if (tenth > _lastPrintedTenth || (newEvaluation && value.LastEvaluationReturn != _lastPrintedEvaluation))
        {
            _writer.WriteLine(Describe(value));
            _lastPrinted = value;
            _lastPrintedTenth = tenth;
            _lastPrintedEvaluation = value.LastEvaluationReturn;
        }
    }

    /// <summary>Ends the display after <c>Fit</c> returned: draws the last state and moves to a new line.</summary>
    /// <param name="outcome">A few words appended to the last line, e.g. "reached 475" (may be empty).</param>
    public void Complete(string outcome)
    {
        if (_last is null)
            return;
        var suffix = string.IsNullOrEmpty(outcome) ? string.Empty : $" | {outcome}";
        if (_inPlace)
        {
            Redraw(Describe(_last) + suffix);
            _writer.WriteLine();
        }
        else if (ReferenceEquals(_last, _lastPrinted))
        {
            // The last state is already the last line: only add the outcome.
            if (suffix.Length > 0)
                _writer.WriteLine($"{_label}: {outcome}");
        }
        else
        {
            _writer.WriteLine(Describe(_last) + suffix);
        }
    }

    private void Redraw(string line)
    {
        // Pad with spaces so a shorter line fully covers the longer one drawn before it.
        _writer.Write('\r' + line.PadRight(_lineLength));
        _lineLength = line.Length;
        _writer.Flush();
    }

    private string Describe(TrainingProgress p)
    {
        var filled = (int)Math.Round(p.Fraction * BarWidth);
        var bar = _inPlace ? $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] " : string.Empty;
        var evaluation = p.LastEvaluationReturn is double e ? e.ToString("F1", CultureInfo.InvariantCulture) : "—";
        // NaN until the first episode ends (A2C's first 5-step rollouts end none).
        var meanReturn = double.IsNaN(p.MeanReturn) ? "—" : p.MeanReturn.ToString("F1", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{_label}: {bar}{p.Fraction * 100,3:F0}% | {p.EnvironmentSteps:N0}/{p.TotalEnvironmentSteps:N0} steps | mean return {meanReturn,6} | eval {evaluation} | {p.WallSeconds:F1} s");
    }
}
