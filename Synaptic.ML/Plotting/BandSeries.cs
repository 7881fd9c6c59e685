namespace Synaptic.ML.Plotting;

/// <summary>
/// One labelled line with a shaded band of a <see cref="BandPlot"/>: at X[i] the line is at Y[i] and the band spans
/// [Lower[i], Upper[i]] — e.g. the mean of several seeds' curves between their minimum and maximum.
/// </summary>
/// <param name="Label">The series name shown in the legend.</param>
/// <param name="X">The x coordinates.</param>
/// <param name="Y">The line's y coordinates.</param>
/// <param name="Lower">The band's lower edge.</param>
/// <param name="Upper">The band's upper edge.</param>
public sealed record BandSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper)
{
    /// <summary>Throws unless every list has X's count, every value is finite and Lower ≤ Upper.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Label, nameof(Label));
        _ = new LineSeries(Label, X, Y);
        _ = new LineSeries(Label + " (lower)", X, Lower);
        _ = new LineSeries(Label + " (upper)", X, Upper);
        for (int i = 0; i < X.Count; i++)
        {
            if (Lower[i] > Upper[i])
            {
                throw new ArgumentException($"Band series '{Label}' has Lower[{i}] = {Lower[i]} above Upper[{i}] = {Upper[i]}.", nameof(Lower));
            }
        }
    }
}
