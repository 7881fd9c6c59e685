using System.Numerics.Tensors;

namespace Synaptic.ML.Plasticity;

/// <summary>
/// A layer with multiplicatively gated Hebbian fast weights, as in multi-plasticity networks:
/// h_t = f(b + (W ⊙ (M_{t−1} + 1))·x_t) and M_t = λ·M_{t−1} + η·h_t·x_tᵀ, where W [out × in] and b are
/// slow parameters and M [out × in] is the Hebbian trace that each input reshapes.
/// </summary>
/// <remarks>M + 1 gates W, so M = 0 leaves the slow weights unchanged. <see cref="Forward"/> allocates nothing.</remarks>
public sealed class HebbianMultiPlasticity
{
    /// <summary>Settings of <see cref="HebbianMultiPlasticity"/>.</summary>
    public sealed class Options
    {
        /// <summary>Trace decay λ, in [0, 1]. Default 0.9.</summary>
        public float Decay { get; set; } = 0.9f;

        /// <summary>Hebbian learning rate η; finite. Default 0.1.</summary>
        public float LearningRate { get; set; } = 0.1f;

        /// <summary>Activation f. Default <see cref="HebbianActivation.Tanh"/>.</summary>
        public HebbianActivation Activation { get; set; } = HebbianActivation.Tanh;
    }

    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly float[] _trace;
    private readonly float[] _gated;
    private readonly float _decay;
    private readonly float _learningRate;
    private readonly HebbianActivation _activation;

    /// <summary>Creates a layer with zero W, b and M; set <see cref="Weights"/> and <see cref="Bias"/> before use.</summary>
    /// <param name="inputCount">Input size.</param>
    /// <param name="outputCount">Output size.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public HebbianMultiPlasticity(int inputCount, int outputCount, Options? options = null)
    {
        if (inputCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "The layer needs at least one input.");
        if (outputCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "The layer needs at least one output.");
        var o = options ?? new Options();
        if (!(o.Decay >= 0 && o.Decay <= 1))
            throw new ArgumentOutOfRangeException(nameof(Options.Decay), o.Decay, "The trace decay λ must lie in [0, 1].");
        if (!float.IsFinite(o.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(Options.LearningRate), o.LearningRate, "The Hebbian learning rate η must be finite.");
        if (!Enum.IsDefined(o.Activation))
            throw new ArgumentOutOfRangeException(nameof(Options.Activation), o.Activation, "Unknown activation.");
        InputCount = inputCount;
        OutputCount = outputCount;
        _decay = o.Decay;
        _learningRate = o.LearningRate;
        _activation = o.Activation;
        _weights = new float[outputCount * inputCount];
        _bias = new float[outputCount];
        _trace = new float[outputCount * inputCount];
        _gated = new float[inputCount];
    }

    /// <summary>Input size.</summary>
    public int InputCount { get; }

    /// <summary>Output size.</summary>
    public int OutputCount { get; }

    /// <summary>Slow weights W, row-major [out × in].</summary>
    public Span<float> Weights => _weights;

    /// <summary>Bias b [out].</summary>
    public Span<float> Bias => _bias;

    /// <summary>Hebbian trace M, row-major [out × in].</summary>
    public Span<float> Trace => _trace;

    /// <summary>Computes h_t from x_t and then updates M with the Hebbian term.</summary>
    /// <param name="input">x_t, length <see cref="InputCount"/>, finite.</param>
    /// <param name="output">Receives h_t, length <see cref="OutputCount"/>.</param>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != InputCount)
            throw new ArgumentException($"Input has {input.Length} values; the layer expects {InputCount}.", nameof(input));
        if (output.Length != OutputCount)
            throw new ArgumentException($"Output has {output.Length} values; the layer produces {OutputCount}.", nameof(output));
        for (var j = 0; j < input.Length; j++)
        {
            if (!float.IsFinite(input[j]))
                throw new ArgumentException($"Input element {j} is {input[j]}; inputs must be finite.", nameof(input));
        }

        var n = InputCount;
        for (var i = 0; i < OutputCount; i++)
        {
            // (W ⊙ (M + 1))_i · x
            TensorPrimitives.Add(_trace.AsSpan(i * n, n), 1f, _gated);
            TensorPrimitives.Multiply(_gated, _weights.AsSpan(i * n, n), _gated);
            output[i] = _bias[i] + TensorPrimitives.Dot(_gated, input);
        }
        if (_activation == HebbianActivation.Tanh)
            TensorPrimitives.Tanh(output, output);

        // M ← λ·M + η·h·xᵀ, one row at a time.
        for (var i = 0; i < OutputCount; i++)
        {
            var row = _trace.AsSpan(i * n, n);
            TensorPrimitives.Multiply(row, _decay, row);
            TensorPrimitives.MultiplyAdd(input, _learningRate * output[i], row, row);
        }
    }

    /// <summary>Clears the Hebbian trace M (for example at the start of an episode).</summary>
    public void ResetTrace() => Array.Clear(_trace);
}
