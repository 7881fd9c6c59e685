namespace Synaptic.ML.Trainers;

/// <summary>
/// One decision of a <see cref="RewardModulatedStdpPolicy"/>, recorded: every neuron step's spikes, the motor pools'
/// scores and the action; for rasters (<c>SpikeRasterPlot</c>), pool rates and inspection.
/// </summary>
/// <param name="Spikes">The spikes, row-major [<paramref name="Steps"/> × <paramref name="Neurons"/>]: element t·N + i is neuron i at step t (1 or 0).</param>
/// <param name="Steps">The window's neuron steps T.</param>
/// <param name="Neurons">The population's size N.</param>
/// <param name="PoolSize">Neurons per motor pool; pool a is neurons a·P … a·P + P − 1.</param>
/// <param name="Scores">Each action's score (the readout's).</param>
/// <param name="Action">The chosen action (the environment's numbering).</param>
public sealed record SpikingDecisionTrace(float[] Spikes, int Steps, int Neurons, int PoolSize, double[] Scores, int Action)
{
    /// <summary>The number of motor pools (actions).</summary>
    public int Pools => Scores.Length;

    /// <summary>
    /// Pool <paramref name="pool"/>'s firing rate at each step, spikes per neuron per step averaged over the last
    /// <paramref name="window"/> steps (a causal moving average).
    /// </summary>
    /// <param name="pool">The pool (action index from 0).</param>
    /// <param name="window">The averaging window in steps, in [1, T].</param>
    /// <returns>T rates.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The pool or the window is out of range.</exception>
    public double[] PoolRate(int pool, int window = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pool);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pool, Pools);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, Steps);
        var perStep = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            var count = 0.0;
            for (var i = pool * PoolSize; i < (pool + 1) * PoolSize; i++)
                count += Spikes[t * Neurons + i];
            perStep[t] = count / PoolSize;
        }
        var rates = new double[Steps];
        var sum = 0.0;
        for (var t = 0; t < Steps; t++)
        {
            sum += perStep[t];
            if (t >= window)
                sum -= perStep[t - window];
            rates[t] = sum / Math.Min(window, t + 1);
        }
        return rates;
    }
}
