namespace Synaptic.ML.Encoding;

/// <summary>How receptive-field responses become spikes.</summary>
public enum PopulationCoding
{
    /// <summary>Each step, each neuron spikes with probability <see cref="PopulationParameters.MaxProbability"/> × response.</summary>
    Rate,

    /// <summary>Each neuron spikes once, at step round((1 − response)·(T − 1)), if its response reaches <see cref="PopulationParameters.MinResponse"/>.</summary>
    Latency,
}

/// <summary>Parameters of Gaussian receptive-field population coding.</summary>
public sealed record PopulationParameters
{
    /// <summary>Number of time steps T. Default 25.</summary>
    public int TimeSteps { get; init; } = 25;

    /// <summary>Neurons K per input dimension, at least 2. Default 8.</summary>
    public int NeuronsPerInput { get; init; } = 8;

    /// <summary>Preferred value of the first neuron of each dimension. Default −1.</summary>
    public float Min { get; init; } = -1f;

    /// <summary>Preferred value of the last neuron of each dimension; above <see cref="Min"/>. Default 1.</summary>
    public float Max { get; init; } = 1f;

    /// <summary>Receptive-field σ in units of the spacing between preferred values; positive. Default 1.</summary>
    public float Width { get; init; } = 1f;

    /// <summary>Rate or latency conversion of the responses. Default <see cref="PopulationCoding.Rate"/>.</summary>
    public PopulationCoding Coding { get; init; } = PopulationCoding.Rate;

    /// <summary>Firing probability per step at full response, in (0, 1] (rate coding). Default 1.</summary>
    public float MaxProbability { get; init; } = 1f;

    /// <summary>Responses below it do not spike (latency coding), in [0, 1]. Default 0.1.</summary>
    public float MinResponse { get; init; } = 0.1f;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message names it.</exception>
    public void Validate()
    {
        if (TimeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(TimeSteps), TimeSteps, "Must be positive.");
        if (NeuronsPerInput < 2)
            throw new ArgumentOutOfRangeException(nameof(NeuronsPerInput), NeuronsPerInput, "Population coding needs at least 2 neurons per input.");
        if (!float.IsFinite(Min) || !float.IsFinite(Max) || !(Max > Min))
            throw new ArgumentOutOfRangeException(nameof(Max), Max, $"The range [{Min}, {Max}] must be finite with {nameof(Max)} > {nameof(Min)}.");
        if (!(Width > 0) || !float.IsFinite(Width))
            throw new ArgumentOutOfRangeException(nameof(Width), Width, "Must be positive and finite.");
        if (!(MaxProbability > 0 && MaxProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxProbability), MaxProbability, "Must be in (0, 1].");
        if (!(MinResponse >= 0 && MinResponse <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinResponse), MinResponse, "Must be in [0, 1].");
        if (!Enum.IsDefined(Coding))
            throw new ArgumentOutOfRangeException(nameof(Coding), Coding, "Unknown coding.");
    }
}
