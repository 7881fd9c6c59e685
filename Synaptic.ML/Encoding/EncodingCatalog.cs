using Synaptic.ML.Encoding;

namespace Synaptic.ML;

/// <summary>
/// Spike encoders and decoders on <c>mlContext.Synaptic().Transforms</c>. Each reads a float vector
/// column and appends a spike-train column shaped [T, N] (<c>VectorDataViewType(Single, T, N)</c>),
/// or, for <see cref="DecodeRate"/>, the reverse.
/// </summary>
public static class EncodingCatalog
{
    /// <summary>
    /// Rate coding: each step, each neuron spikes with probability gain·x (snnTorch <c>spikegen.rate</c>), which must lie
    /// in [0, 1] (set <see cref="RateEncodingEstimator.Options.ClampToUnitInterval"/> to clamp it instead). The draws are
    /// keyed by the row's values and a seed from the <c>MLContext</c>: the same values give the same spikes in any row.
    /// </summary>
    /// <remarks>
    /// A trainer that makes several passes over the data (SDCA, L-BFGS) re-encodes every row on every pass unless the
    /// spikes are cached: append <c>AppendCacheCheckpoint(mlContext)</c> after the encoder.
    /// </remarks>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">Float vector column to encode; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="timeSteps">Number of time steps T.</param>
    /// <param name="gain">Multiplies inputs before they become probabilities.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code>
    /// var spikes = ml.Synaptic().Transforms.EncodeRate("Spikes", "Pixels", timeSteps: 25).Fit(data).Transform(data);
    /// </code>
    /// </example>
    public static RateEncodingEstimator EncodeRate(this SynapticTransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, int timeSteps = 25, float gain = 1f) =>
        EncodeRate(catalog, outputColumnName, inputColumnName ?? outputColumnName, new RateEncodingEstimator.Options { TimeSteps = timeSteps, Gain = gain });

    /// <summary>Rate coding with all options.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">Float vector column to encode.</param>
    /// <param name="options">Time steps, gain, offset and seed.</param>
    /// <returns>The estimator.</returns>
    public static RateEncodingEstimator EncodeRate(this SynapticTransformsCatalog catalog, string outputColumnName, string inputColumnName, RateEncodingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Latency (time-to-first-spike) coding with snnTorch's <c>spikegen.latency</c> semantics:
    /// linear or RC (logarithmic) mode, normalisation, clipping, threshold, τ and first spike time.
    /// Inputs must lie in [0, 1] (set <see cref="LatencyParameters.ClampToUnitInterval"/> to clamp them instead).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">Float vector column to encode; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="parameters">Encoder parameters; <see langword="null"/> for snnTorch's defaults with T = 25.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code>
    /// var latency = ml.Synaptic().Transforms.EncodeLatency("Spikes", "Pixels",
    ///     new LatencyParameters { TimeSteps = 25, Tau = 5, Threshold = 0.01, Normalize = true, Linear = true });
    /// </code>
    /// </example>
    public static LatencyEncodingEstimator EncodeLatency(this SynapticTransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, LatencyParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, outputColumnName, inputColumnName ?? outputColumnName, parameters ?? new LatencyParameters());
    }

    /// <summary>
    /// Delta modulation of a [T, N] sequence column with snnTorch's <c>spikegen.delta</c> semantics:
    /// a spike where the input rose by at least <paramref name="threshold"/> since the previous step.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">[T, N] sequence column; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="threshold">Minimum change that makes a spike.</param>
    /// <param name="padding">Compare step 0 with itself (true) or with zeros (false).</param>
    /// <param name="offSpike">Emit −1 for falls of at least <paramref name="threshold"/>.</param>
    /// <returns>The estimator.</returns>
    public static DeltaEncodingEstimator EncodeDelta(this SynapticTransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, float threshold = 0.1f, bool padding = false, bool offSpike = false) =>
        EncodeDelta(catalog, outputColumnName, inputColumnName ?? outputColumnName,
            new DeltaEncodingEstimator.Options { Threshold = threshold, Padding = padding, OffSpike = offSpike });

    /// <summary>Delta modulation with all options (including T for flat input columns).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">Sequence column.</param>
    /// <param name="options">Threshold, padding, off-spikes and time steps.</param>
    /// <returns>The estimator.</returns>
    public static DeltaEncodingEstimator EncodeDelta(this SynapticTransformsCatalog catalog, string outputColumnName, string inputColumnName, DeltaEncodingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// Population coding of continuous values: K Gaussian receptive fields per input dimension over
    /// [min, max], giving a [T, N·K] spike train by rate or latency conversion.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the spike-train column to append.</param>
    /// <param name="inputColumnName">Float vector column to encode; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="parameters">Encoder parameters; <see langword="null"/> for the defaults (T = 25, K = 8 over [−1, 1]).</param>
    /// <param name="seed">Seed of the spike draws; <see langword="null"/> takes one from the context.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code>
    /// var population = ml.Synaptic().Transforms.EncodePopulation("Spikes", "Observation",
    ///     new PopulationParameters { NeuronsPerInput = 10, Min = -2.4f, Max = 2.4f });
    /// </code>
    /// </example>
    public static PopulationEncodingEstimator EncodePopulation(this SynapticTransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, PopulationParameters? parameters = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, outputColumnName, inputColumnName ?? outputColumnName, parameters ?? new PopulationParameters(), seed);
    }

    /// <summary>Spike counts or firing rates of a [T, N] spike-train column, as an N-vector.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the N-vector column to append.</param>
    /// <param name="inputColumnName">Spike-train column; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="output">Rates (count / T, default) or counts.</param>
    /// <param name="timeSteps">T for a flat spike column; <see langword="null"/> reads it from a [T, N] column type.</param>
    /// <returns>The estimator.</returns>
    public static RateDecodingEstimator DecodeRate(this SynapticTransformsCatalog catalog, string outputColumnName, string? inputColumnName = null, SpikeCountOutput output = SpikeCountOutput.Rate, int? timeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, outputColumnName, inputColumnName ?? outputColumnName, timeSteps, output);
    }
}
