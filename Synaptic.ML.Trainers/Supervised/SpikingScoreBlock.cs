using Microsoft.ML;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The block path of the spiking classifier's transformers: a cursor reads up to <see cref="RowBlockMapper.Capacity"/>
/// rows, and the network scores them in one forward (<see cref="SpikingClassifierScorer.Score"/>) when the first is
/// read. A row's scores do not depend on its block (the rate code's draws are keyed by the row's values). A row the
/// transformer refuses keeps its error, thrown when that row's output is read, as row by row.
/// </summary>
internal sealed class SpikingScoreBlock : RowBlockMapper
{
    private readonly SpikingClassifierScorer _scorer;
    private readonly Func<ReadOnlySpan<float>, long, Exception?> _check;
    private readonly Func<ReadOnlySpan<float>> _read;
    private readonly bool _hidden;
    private readonly float[] _inputs;
    private readonly float[] _readouts;
    private readonly float[] _hiddenCounts;
    private readonly Exception?[] _errors;

    /// <param name="scorer">The network.</param>
    /// <param name="capacity">Rows per block.</param>
    /// <param name="read">Reads the source's current row.</param>
    /// <param name="check">The error for a row the transformer refuses, or null.</param>
    /// <param name="hidden">Whether the last hidden layer's spike counts are wanted too.</param>
    public SpikingScoreBlock(SpikingClassifierScorer scorer, int capacity, Func<ReadOnlySpan<float>> read, Func<ReadOnlySpan<float>, long, Exception?> check, bool hidden)
        : base(capacity)
    {
        _scorer = scorer;
        _read = read;
        _check = check;
        _hidden = hidden;
        _inputs = new float[capacity * scorer.FeatureSize];
        _readouts = new float[capacity * scorer.Classes];
        _hiddenCounts = hidden ? new float[capacity * scorer.HiddenFeatureSize] : [];
        _errors = new Exception?[capacity];
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

    protected override void Read(int slot, long position)
    {
        var values = _read();
        var target = _inputs.AsSpan(slot * _scorer.FeatureSize, _scorer.FeatureSize);
        _errors[slot] = _check(values, position);
        if (_errors[slot] is null)
            values.CopyTo(target);
        else
            target.Clear();   // a valid stand-in: the row's output is never served, its error is
    }

    protected override void Compute(int count) =>
        _scorer.Score(_inputs.AsSpan(0, count * _scorer.FeatureSize), count, _readouts, _hidden ? _hiddenCounts : default);

    private void Ready()
    {
        EnsureComputed();
        if (_errors[Slot] is { } error)
            throw error;
    }
}
