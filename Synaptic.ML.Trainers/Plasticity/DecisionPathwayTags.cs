namespace Synaptic.ML.Trainers;

/// <summary>
/// The eligibility of <see cref="PlasticityEligibility.DecisionPathway"/>: one tag per synapse onto a motor-pool neuron
/// (pool rows of W only), E ← λ·E + e at every decision, and the dopamine's weight change ΔW = scale·E on those rows.
/// </summary>
internal sealed class DecisionPathwayTags
{
    private readonly float[] _tags;
    private readonly int _neurons;
    private readonly int _actions;
    private readonly int _poolSize;

    public DecisionPathwayTags(int neurons, int actions, int poolSize)
    {
        _neurons = neurons;
        _actions = actions;
        _poolSize = poolSize;
        _tags = new float[actions * poolSize * neurons];
    }

    /// <summary>E over the pool rows, row-major [A·P × N]: row r is postsynaptic neuron r (pools hold neurons 0 … A·P − 1).</summary>
    public ReadOnlySpan<float> Values => _tags;

    public void Clear() => Array.Clear(_tags);

    /// <summary>E ← λ·E + e, e tagging the chosen pool's synapses with c/T and the other pools' with −c/(T·(A − 1)).</summary>
    /// <param name="decay">λ in [0, 1].</param>
    /// <param name="chosen">The winning action.</param>
    /// <param name="counts">Presynaptic spike counts c of the window (length N).</param>
    /// <param name="steps">The window's length T.</param>
    public void Decide(float decay, int chosen, ReadOnlySpan<float> counts, int steps)
    {
        var n = _neurons;
        var up = 1f / steps;
        var down = _actions > 1 ? -up / (_actions - 1) : 0f;
        for (var a = 0; a < _actions; a++)
        {
            var weight = a == chosen ? up : down;
            for (var i = a * _poolSize; i < (a + 1) * _poolSize; i++)
            {
                var row = _tags.AsSpan(i * n, n);
                for (var j = 0; j < n; j++)
                    row[j] = decay * row[j] + weight * counts[j];
            }
        }
    }

    /// <summary>Adds scale·E to the pool rows of <paramref name="weights"/> (row-major [N × N]); the caller clips.</summary>
    public void AddTo(Span<float> weights, float scale)
    {
        var rows = _actions * _poolSize * _neurons;
        for (var k = 0; k < rows; k++)
            weights[k] += scale * _tags[k];
    }
}
