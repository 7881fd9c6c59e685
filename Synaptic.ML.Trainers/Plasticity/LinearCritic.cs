namespace Synaptic.ML.Trainers;

/// <summary>
/// The critic of <see cref="DopamineSignal.TemporalDifference"/>: V(x) = v·x + b, learned by the normalised LMS rule
/// v ← v + α·δ·x/(‖x‖² + 1), b ← b + α·δ/(‖x‖² + 1), so the step α is a fraction of the error whatever the features' scale.
/// Sums run in index order (no SIMD reductions), so values are the same on every CPU.
/// </summary>
internal sealed class LinearCritic
{
    private readonly double[] _weights;   // v, then b last

    public LinearCritic(int features) => _weights = new double[features + 1];

    public int Features => _weights.Length - 1;

    /// <summary>v then b.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    public double Value(ReadOnlySpan<float> x)
    {
        var sum = _weights[^1];
        for (var j = 0; j < x.Length; j++)
            sum += _weights[j] * x[j];
        return sum;
    }

    public void Learn(ReadOnlySpan<float> x, double error, double step)
    {
        var norm = 1.0;
        for (var j = 0; j < x.Length; j++)
            norm += (double)x[j] * x[j];
        var scale = step * error / norm;
        for (var j = 0; j < x.Length; j++)
            _weights[j] += scale * x[j];
        _weights[^1] += scale;
    }

    public void Write(BinaryWriter writer)
    {
        foreach (var w in _weights)
            writer.Write(w);
    }

    public void Read(BinaryReader reader)
    {
        for (var j = 0; j < _weights.Length; j++)
            _weights[j] = reader.ReadDouble();
    }
}
