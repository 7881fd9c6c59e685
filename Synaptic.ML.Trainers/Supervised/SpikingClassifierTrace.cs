namespace Synaptic.ML.Trainers;

/// <summary>
/// One row's run through a spiking classifier (<see cref="SpikingClassifierTransformer.Trace"/>): the spikes of the last
/// hidden layer and of the output layer and the output membrane potential at every time step, time-major
/// (element t·N + n is neuron n at step t) — the layout <c>SpikeRasterPlot.SavePng</c> reads.
/// </summary>
/// <param name="TimeSteps">T.</param>
/// <param name="HiddenNeurons">Neurons of the last hidden layer (0 without one).</param>
/// <param name="Classes">Output neurons, one per class.</param>
/// <param name="HiddenSpikes">[T·HiddenNeurons] spikes (0 or 1).</param>
/// <param name="OutputSpikes">[T·Classes] spikes (0 or 1).</param>
/// <param name="OutputMembrane">[T·Classes] membrane potentials.</param>
public sealed record SpikingClassifierTrace(int TimeSteps, int HiddenNeurons, int Classes, float[] HiddenSpikes, float[] OutputSpikes, float[] OutputMembrane)
{
    /// <summary>Each output neuron's spike count over the T steps.</summary>
    public float[] OutputCounts()
    {
        var counts = new float[Classes];
        for (var t = 0; t < TimeSteps; t++)
        {
            for (var c = 0; c < Classes; c++)
                counts[c] += OutputSpikes[t * Classes + c];
        }
        return counts;
    }
}
