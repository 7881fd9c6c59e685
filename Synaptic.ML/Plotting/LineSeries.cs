namespace Synaptic.ML.Plotting;

/// <summary>
/// One labelled line of a <see cref="LinePlot"/>: the points (<see cref="X"/>[i], <see cref="Y"/>[i]).
/// </summary>
/// <param name="Label">The series name shown in the legend.</param>
/// <param name="X">The x coordinates.</param>
/// <param name="Y">The y coordinates, as many as <paramref name="X"/>.</param>
/// <remarks>
/// The constructor checks that <paramref name="X"/> and <paramref name="Y"/> have the same count and hold
/// only finite values; <see cref="LinePlot.SavePng"/> checks again, since the lists may change afterwards.
/// </remarks>
/// <exception cref="ArgumentNullException">An argument is null.</exception>
/// <exception cref="ArgumentException">The counts differ, or a value is NaN or infinite.</exception>
public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>The series name shown in the legend.</summary>
    public string Label { get; init; } = Label ?? throw new ArgumentNullException(nameof(Label));

    /// <summary>The x coordinates.</summary>
    public IReadOnlyList<double> X { get; init; } = X ?? throw new ArgumentNullException(nameof(X));

    /// <summary>The y coordinates, as many as <see cref="X"/>.</summary>
    public IReadOnlyList<double> Y { get; init; } = Validated(Label, X, Y);

    /// <summary>Throws if the series is not plottable: counts differ, or a value is NaN or infinite.</summary>
    internal void Validate() => Validated(Label, X, Y);

    // Runs as the last property initializer, after Label and X have been checked for null.
    private static IReadOnlyList<double> Validated(string label, IReadOnlyList<double> x, IReadOnlyList<double>? y)
    {
        ArgumentNullException.ThrowIfNull(x, nameof(X));
        ArgumentNullException.ThrowIfNull(y, nameof(Y));
        if (x.Count != y.Count)
        {
            throw new ArgumentException(
                $"Line series '{label}' has {x.Count} x values but {y.Count} y values; they must be the same count.",
                nameof(Y));
        }

        CheckFinite(label, x, "X");
        CheckFinite(label, y, "Y");
        return y;
    }

    private static void CheckFinite(string label, IReadOnlyList<double> values, string axis)
    {
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                string what = double.IsNaN(v) ? "NaN" : "infinite";
                throw new ArgumentException($"Line series '{label}' has {axis}[{i}] = {what}; every value must be finite.", axis);
            }
        }
    }
}
