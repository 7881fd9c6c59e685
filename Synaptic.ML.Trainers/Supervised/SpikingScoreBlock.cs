using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The block path of the spiking classifier's transformers: a cursor reads up to <see cref="RowBlockMapper.Capacity"/>
/// rows, and the network scores them in one forward (<see cref="SpikingClassifierScorer.Score"/>) when the first is
/// read. A row's scores do not depend on its block (the rate code's draws are keyed by the row's values). A row the
/// transformer refuses keeps its error, thrown when that row's output is read, as row by row.
/// </summary>
internal sealed class SpikingScoreBlock : VectorRowBlockMapper
{
    private readonly SpikingClassifierScorer _scorer;
    private readonly bool _hidden;
    private readonly float[] _readouts;
    private readonly float[] _hiddenCounts;

    /// <param name="scorer">The network.</param>
    /// <param name="capacity">Rows per block.</param>
    /// <param name="read">Reads the source's current row.</param>
    /// <param name="check">The error for a row the transformer refuses, or null.</param>
    /// <param name="hidden">Whether the last hidden layer's spike counts are wanted too.</param>
    public SpikingScoreBlock(SpikingClassifierScorer scorer, int capacity, Func<ReadOnlySpan<float>> read, Func<ReadOnlySpan<float>, long, Exception?> check, bool hidden)
        : base(capacity, scorer.FeatureSize, read, check)
    {
        _scorer = scorer;
        _hidden = hidden;
        _readouts = new float[capacity * scorer.Classes];
        _hiddenCounts = hidden ? new float[capacity * scorer.HiddenFeatureSize] : [];
    }

    /// <summary>Getters built by the transformer, reading <see cref="Readout"/> and <see cref="Hidden"/>.</summary>
    public Func<bool[], Delegate?[]> Getters { get; set; } = _ => [];

    /// <summary>The current row's readout (valid until the next call).</summary>
    public ReadOnlySpan<float> Readout()
    {
        Ready();
        return _readouts.AsSpan(Slot * _scorer.Classes, _scorer.Classes);
    }

    /// <summary>The current row's hidden spike counts (valid until the next call).</summary>
    public ReadOnlySpan<float> Hidden()
    {
        Ready();
        return _hiddenCounts.AsSpan(Slot * _scorer.HiddenFeatureSize, _scorer.HiddenFeatureSize);
    }

    public override Delegate?[] CreateGetters(bool[] active) => Getters(active);

    protected override void Compute(int count) =>
        _scorer.Score(Inputs.AsSpan(0, count * _scorer.FeatureSize), count, _readouts, _hidden ? _hiddenCounts : default);
}
