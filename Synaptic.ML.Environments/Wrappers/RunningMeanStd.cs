namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Running element-wise mean and variance of a stream of vectors, as Gymnasium's
/// <c>RunningMeanStd</c>: the parallel (Chan et al.) combination of the statistics so far with
/// each new batch, starting from mean 0, variance 1 and a pseudo-count of <see cref="InitialCount"/>
/// (Gymnasium's <c>epsilon</c>, 1e-4) so the first normalisation never divides by zero.
/// </summary>
/// <remarks>
/// After samples x₁…xₙ the statistics equal those of the pooled set {prior, x₁…xₙ} where the prior
/// has weight ε, mean 0 and variance 1: mean = Σx / (ε + n) and
/// variance = (ε + Σx²) / (ε + n) − mean². Computed in double precision.
/// </remarks>
public sealed class RunningMeanStd
{
    private readonly double[] _mean;
    private readonly double[] _variance;

    /// <summary>Creates statistics of vectors of <paramref name="size"/> elements.</summary>
    /// <param name="size">Elements per sample, positive.</param>
    /// <param name="initialCount">Pseudo-count of the prior (Gymnasium's <c>epsilon</c>), positive.</param>
    public RunningMeanStd(int size, double initialCount = 1e-4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!(initialCount > 0) || !double.IsFinite(initialCount))
            throw new ArgumentOutOfRangeException(nameof(initialCount), initialCount, "The initial count must be positive and finite.");
        _mean = new double[size];
        _variance = new double[size];
        Array.Fill(_variance, 1.0);
        InitialCount = initialCount;
        Count = initialCount;
    }

    /// <summary>Elements per sample.</summary>
    public int Size => _mean.Length;

    /// <summary>The prior's pseudo-count.</summary>
    public double InitialCount { get; }

    /// <summary>Element-wise running mean.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Element-wise running (population) variance.</summary>
    public ReadOnlySpan<double> Variance => _variance;

    /// <summary>Samples seen plus <see cref="InitialCount"/>.</summary>
    public double Count { get; private set; }

    /// <summary>Adds one sample (a batch of one, whose variance is zero).</summary>
    /// <param name="sample">A vector of <see cref="Size"/> elements.</param>
    public void Update(ReadOnlySpan<float> sample)
    {
        CheckSize(sample.Length, nameof(sample));
        var total = Count + 1;
        for (var i = 0; i < _mean.Length; i++)
            Combine(i, sample[i], 0, 1, total);
        Count = total;
    }

    /// <summary>Adds one sample (a batch of one, whose variance is zero).</summary>
    /// <param name="sample">A vector of <see cref="Size"/> elements.</param>
    public void Update(ReadOnlySpan<double> sample)
    {
        CheckSize(sample.Length, nameof(sample));
        var total = Count + 1;
        for (var i = 0; i < _mean.Length; i++)
            Combine(i, sample[i], 0, 1, total);
        Count = total;
    }

    /// <summary>Combines a batch summarised by its moments, as Gymnasium's <c>update_from_moments</c>.</summary>
    /// <param name="batchMean">Element-wise mean of the batch.</param>
    /// <param name="batchVariance">Element-wise population variance of the batch.</param>
    /// <param name="batchCount">Number of samples in the batch, positive.</param>
    public void UpdateFromMoments(ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVariance, double batchCount)
    {
        CheckSize(batchMean.Length, nameof(batchMean));
        CheckSize(batchVariance.Length, nameof(batchVariance));
        if (!(batchCount > 0))
            throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "A batch has a positive number of samples.");
        var total = Count + batchCount;
        for (var i = 0; i < _mean.Length; i++)
            Combine(i, batchMean[i], batchVariance[i], batchCount, total);
        Count = total;
    }

    /// <summary>Writes the size, means, variances and count, for a wrapper's saved state.</summary>
    /// <param name="writer">Destination.</param>
    internal void WriteState(BinaryWriter writer)
    {
        writer.Write(_mean.Length);
        foreach (var m in _mean)
            writer.Write(m);
        foreach (var v in _variance)
            writer.Write(v);
        writer.Write(Count);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <param name="owner">The environment whose state is loaded, for messages.</param>
    /// <exception cref="InvalidDataException">The saved statistics track another number of values.</exception>
    internal void ReadState(BinaryReader reader, string owner)
    {
        var size = reader.ReadInt32();
        if (size != _mean.Length)
            throw new InvalidDataException($"The saved running statistics of {owner} track {size} values; these track {_mean.Length}.");
        for (var i = 0; i < _mean.Length; i++)
            _mean[i] = reader.ReadDouble();
        for (var i = 0; i < _variance.Length; i++)
            _variance[i] = reader.ReadDouble();
        Count = reader.ReadDouble();
    }

    /// <summary>Forgets every sample: mean 0, variance 1, count <see cref="InitialCount"/>.</summary>
    public void Clear()
    {
        Array.Clear(_mean);
        Array.Fill(_variance, 1.0);
        Count = InitialCount;
    }

    // Chan, Golub and LeVeque's pairwise update, in the order Gymnasium evaluates it.
    private void Combine(int i, double batchMean, double batchVariance, double batchCount, double total)
    {
        var delta = batchMean - _mean[i];
        _mean[i] += delta * batchCount / total;
        var m2 = _variance[i] * Count + batchVariance * batchCount + delta * delta * Count * batchCount / total;
        _variance[i] = m2 / total;
    }

    private void CheckSize(int length, string name)
    {
        if (length != _mean.Length)
            throw new ArgumentException($"The sample has {length} elements; these statistics track {_mean.Length}.", name);
    }
}
