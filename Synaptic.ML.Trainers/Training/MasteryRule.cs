using System.Globalization;

namespace Synaptic.ML.Trainers;

/// <summary>
/// When a <see cref="CurriculumPhase"/> counts as mastered: the mean of the last <see cref="Window"/> episode
/// returns in the phase is at least <see cref="Threshold"/>, judged only once the phase has had
/// <see cref="Window"/> episodes (so a lucky first episode never advances a curriculum).
/// </summary>
/// <remarks>
/// Each phase has its own rule, so the window can differ between phases; give several phases the same
/// instance to share one. The threshold is a finite return: a phase that is never to be left is the last one, without a
/// rule.
/// </remarks>
public sealed class MasteryRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="threshold">The mean return over the window that counts as mastery; finite.</param>
    /// <param name="window">How many of the latest episode returns are averaged; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (named in the message).</exception>
    public MasteryRule(double threshold, int window)
    {
        if (!double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold,
                $"The mastery threshold is {threshold}; it must be a finite return (a phase never to be left is the curriculum's last, which needs no rule).");
        if (window <= 0)
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The mastery window is {window} episodes; it must be positive.");
        Threshold = threshold;
        Window = window;
    }

    /// <summary>The mean return over the window that counts as mastery.</summary>
    public double Threshold { get; }

    /// <summary>How many of the latest episode returns are averaged.</summary>
    public int Window { get; }

    /// <summary>Whether returns of a phase meet the rule.</summary>
    /// <param name="returnsInPhase">The latest returns of the phase, oldest first; only the last <see cref="Window"/> count.</param>
    /// <returns>True when there are at least <see cref="Window"/> returns and their last <see cref="Window"/> have a mean ≥ <see cref="Threshold"/>.</returns>
    public bool IsMetBy(ReadOnlySpan<double> returnsInPhase)
    {
        if (returnsInPhase.Length < Window)
            return false;
        // Summed oldest first, so the same returns always give the same mean, bit for bit.
        var sum = 0.0;
        foreach (var r in returnsInPhase[^Window..])
            sum += r;
        return sum / Window >= Threshold;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"mean of the last {Window} returns ≥ {Threshold}");
}
