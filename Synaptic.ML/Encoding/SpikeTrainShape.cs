namespace Synaptic.ML.Encoding;

/// <summary>Checks of the [T, N] row-major layout every spike train in the library uses.</summary>
internal static class SpikeTrainShape
{
    public static void Check(int length, int timeSteps, int neurons, string parameter)
    {
        if (timeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(timeSteps), timeSteps, "The number of time steps must be positive.");
        if ((long)timeSteps * neurons != length)
            throw new ArgumentException($"A [{timeSteps}, {neurons}] spike train has {(long)timeSteps * neurons} values; the buffer has {length}.", parameter);
    }
}
