using System.Numerics.Tensors;
using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Synaptic scaling of the motor pools: after every weight change each pool neuron's excitatory input weights are
/// multiplied back to the sum they had before training, then clipped into their range. Learning can then move a pool
/// neuron's drive between presynaptic neurons (which inputs it listens to) but not raise or lower it as a whole, so a
/// pool cannot come to win whatever the input — what the straight road of LaneKeeping's curriculum taught without it
/// (the straight pool's excitatory inputs grew about fourfold while the others' shrank, and the next phase had to
/// unlearn it crash by crash). Homeostatic scaling of a neuron's total input is Turrigiano's synaptic scaling; the
/// same normalisation keeps STDP networks such as Lazar et al.'s SORN (2009) from running away.
/// </summary>
internal sealed class PoolSynapticScaling
{
    private readonly float[] _targets;
    private readonly int _excitatory;
    private readonly int _neurons;

    /// <summary>Records the excitatory input sum of each of the first <paramref name="poolNeurons"/> neurons (the pools).</summary>
    public PoolSynapticScaling(LifPopulation population, int poolNeurons)
    {
        _neurons = population.Size;
        _excitatory = population.ExcitatoryCount;
        _targets = new float[poolNeurons];
        var weights = population.Weights;
        for (var i = 0; i < poolNeurons; i++)
            _targets[i] = TensorPrimitives.Sum(weights.Slice(i * _neurons, _excitatory));
    }

    /// <summary>The excitatory input sum each pool neuron is scaled back to.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>Scales each pool neuron's excitatory inputs to its target sum, then enforces the population's constraints.</summary>
    public void Apply(LifPopulation population)
    {
        var weights = population.Weights;
        for (var i = 0; i < _targets.Length; i++)
        {
            var row = weights.Slice(i * _neurons, _excitatory);
            var sum = TensorPrimitives.Sum(row);
            // Only a population whose excitatory floor is 0 can empty a row; such a row has nothing to scale.
            if (sum > 0f)
                TensorPrimitives.Multiply(row, _targets[i] / sum, row);
        }
        population.EnforceConstraints();
    }
}
