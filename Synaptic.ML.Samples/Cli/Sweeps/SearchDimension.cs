using System.Globalization;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// One option a sweep varies: a list of values (<c>--grid LearningRate=1e-3,3e-4</c>) or, for random search, a
/// range (<c>--range LearningRate=1e-4..1e-2:log</c>, <c>--range Epochs=3..10</c>).
/// </summary>
/// <param name="Path">The setting's path (<see cref="OptionText"/>).</param>
/// <param name="Values">The values of a list, as text; empty for a range.</param>
/// <param name="Low">A range's low end.</param>
/// <param name="High">A range's high end.</param>
/// <param name="Logarithmic">Whether a range is drawn uniformly in log space (learning rates).</param>
/// <param name="Whole">Whether a range holds whole numbers (both ends written without a point or exponent).</param>
public sealed record SearchDimension(string Path, IReadOnlyList<string> Values, double Low = 0, double High = 0, bool Logarithmic = false, bool Whole = false)
{
    /// <summary>Whether this is a range (drawn from) rather than a list (enumerated).</summary>
    public bool IsRange => Values.Count == 0;

    /// <summary>Reads <c>path=v1,v2,…</c>. Values are split at commas outside parentheses, or at semicolons when there are any (<c>Policy.HiddenSizes=64,64;128,128</c>).</summary>
    /// <param name="text">The text after <c>--grid</c>.</param>
    /// <returns>The dimension.</returns>
    /// <exception cref="ArgumentException">No <c>=</c>, or no value; the message names the text.</exception>
    public static SearchDimension Choices(string text)
    {
        var (path, values) = Assignment(text, "--grid", "LearningRate=1e-3,3e-4");
        var items = Split(values);
        if (items.Count == 0)
            throw new ArgumentException($"--grid '{text}' lists no value: write path=v1,v2, e.g. LearningRate=1e-3,3e-4.");
        if (items.Distinct(StringComparer.Ordinal).Count() != items.Count)
            throw new ArgumentException($"--grid '{text}' lists a value twice.");
        return new SearchDimension(path, items);
    }

    /// <summary>Reads <c>path=low..high</c>, optionally followed by <c>:log</c>.</summary>
    /// <param name="text">The text after <c>--range</c>.</param>
    /// <returns>The dimension.</returns>
    /// <exception cref="ArgumentException">The text is not a range; the message names it.</exception>
    public static SearchDimension Range(string text)
    {
        var (path, range) = Assignment(text, "--range", "LearningRate=1e-4..1e-2:log");
        var logarithmic = range.EndsWith(":log", StringComparison.OrdinalIgnoreCase);
        if (logarithmic)
            range = range[..^4];
        var ends = range.Split("..", StringSplitOptions.TrimEntries);
        if (ends.Length != 2
            || !double.TryParse(ends[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            || !double.TryParse(ends[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            || !double.IsFinite(low) || !double.IsFinite(high) || low >= high)
            throw new ArgumentException($"--range '{text}' is not a range: write path=low..high with low < high, and :log to draw in log space (LearningRate=1e-4..1e-2:log).");
        if (logarithmic && low <= 0)
            throw new ArgumentException($"--range '{text}': a log range needs a low end above 0.");
        var whole = ends.All(e => long.TryParse(e, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        return new SearchDimension(path, [], low, high, logarithmic, whole);
    }

    /// <summary>Draws a value: one of the list uniformly, or from the range (uniformly, or log-uniformly).</summary>
    /// <param name="random">The sweep's generator.</param>
    /// <returns>The value's text.</returns>
    public string Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!IsRange)
            return Values[random.Next(Values.Count)];
        var u = random.NextDouble();
        var value = Logarithmic ? Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))) : Low + (u * (High - Low));
        if (Whole)
            return ((long)Math.Clamp(Math.Floor(value + 0.5), Low, High)).ToString(CultureInfo.InvariantCulture);
        // Four significant digits: a drawn learning rate reads 0.0003162, not 0.00031622776601683794.
        return double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => IsRange
        ? string.Create(CultureInfo.InvariantCulture, $"{Path} in {Low}..{High}{(Logarithmic ? " (log)" : "")}")
        : $"{Path} in {{{string.Join("; ", Values)}}}";

    private static (string Path, string Value) Assignment(string text, string option, string example)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new ArgumentException($"{option} '{text}' is not path=values: write e.g. {option} {example}.");
        return (text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    private static List<string> Split(string values)
    {
        if (values.Contains(';', StringComparison.Ordinal))
            return [.. values.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        var items = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i <= values.Length; i++)
        {
            if (i == values.Length || (values[i] == ',' && depth == 0))
            {
                var item = values[start..i].Trim();
                if (item.Length > 0)
                    items.Add(item);
                start = i + 1;
            }
            else if (values[i] == '(')
            {
                depth++;
            }
            else if (values[i] == ')')
            {
                depth--;
            }
        }
        return items;
    }
}
