namespace Synaptic.ML.Plotting;

/// <summary>Input checks shared by the spiking-network plots: [T, N] row-major buffers of finite values.</summary>
internal static class SpikingPlotChecks
{
    /// <summary>Checks that <paramref name="values"/> holds exactly <paramref name="rows"/> × <paramref name="columns"/>
    /// finite values, naming the sizes and the first offending element.</summary>
    internal static void CheckMatrix(
        ReadOnlySpan<float> values, int rows, int columns, string what, string rowsName, string columnsName, string rowName, string columnName, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows, rowsName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns, columnsName);
        long expected = (long)rows * columns;
        if (values.Length != expected)
        {
            throw new ArgumentException(
                $"The {what} has {values.Length} elements, but {rowsName} x {columnsName} = {rows} x {columns} = {expected}.",
                parameter);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                string kind = float.IsNaN(values[i]) ? "NaN" : "infinite";
                throw new ArgumentException(
                    $"The {what} is {kind} at {rowName} {i / columns}, {columnName} {i % columns} (element {i}); every value must be finite.",
                    parameter);
            }
        }
    }
}
