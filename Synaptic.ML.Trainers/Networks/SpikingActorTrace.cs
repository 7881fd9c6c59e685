namespace Synaptic.ML.Trainers;

/// <summary>
/// One decision of a spiking actor (<see cref="SpikingPolicyOptions"/>), recorded: the spikes of every hidden neuron
/// at each of the T simulation steps, for rasters and spike statistics (<see cref="ActorCriticPolicy.TraceSpikes"/>).
/// </summary>
/// <param name="Spikes">The spikes, row-major [<paramref name="Steps"/> × <paramref name="Neurons"/>]: element t·N + i is hidden neuron i at step t (1 or 0); the hidden layers are stacked, the first layer's neurons first.</param>
/// <param name="Steps">The simulation steps per decision, T.</param>
/// <param name="Neurons">The hidden neurons of all layers, N.</param>
/// <param name="LayerSizes">Each hidden layer's size, first to last (they add up to <paramref name="Neurons"/>).</param>
public sealed record SpikingActorTrace(float[] Spikes, int Steps, int Neurons, IReadOnlyList<int> LayerSizes)
{
    /// <summary>The fraction of hidden neurons that fired at least once in the decision.</summary>
    public double ActiveFraction
    {
        get
        {
            if (Neurons == 0)
                return 0;
            var active = 0;
            for (var i = 0; i < Neurons; i++)
            {
                for (var t = 0; t < Steps; t++)
                {
                    if (Spikes[t * Neurons + i] != 0)
                    {
                        active++;
                        break;
                    }
                }
            }
            return active / (double)Neurons;
        }
    }

    /// <summary>Spikes per neuron per step over the decision.</summary>
    public double MeanRate => Neurons * Steps == 0 ? 0 : Spikes.Sum() / (Neurons * (double)Steps);
}
