using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A spiking actor trained with surrogate gradients through time: the observation is encoded
/// (<see cref="Encoding"/>) over <see cref="TimeSteps"/> steps into hidden layers of spiking neurons, and the
/// action distribution's parameters are read from the output layer (<see cref="Readout"/>).
/// </summary>
public sealed class SpikingPolicyOptions : PolicyNetworkOptions
{
    internal const byte KindTag = 2;

    /// <summary>Hidden layer sizes. Default [128].</summary>
    public int[] HiddenSizes { get; set; } = [128];

    /// <summary>Neuron model of the hidden layers. Default <see cref="SpikingNeuronKind.Leaky"/>.</summary>
    public SpikingNeuronKind Neuron { get; set; } = SpikingNeuronKind.Leaky;

    /// <summary>Membrane decay β in [0, 1]. Default 0.95.</summary>
    public double Beta { get; set; } = 0.95;

    /// <summary>Synaptic decay α in [0, 1] (Synaptic and Alpha neurons; Alpha needs α &gt; β). Default 0.9.</summary>
    public double Alpha { get; set; } = 0.9;

    /// <summary>Firing threshold θ &gt; 0. Default 1.</summary>
    public double Threshold { get; set; } = 1.0;

    /// <summary>Slope of the fast-sigmoid surrogate gradient. Default 25 (snnTorch's default).</summary>
    public double SurrogateSlope { get; set; } = 25;

    /// <summary>Time steps T per decision. Default 8.</summary>
    public int TimeSteps { get; set; } = 8;

    /// <summary>How the observation becomes input. Default <see cref="SpikingEncoding.DirectCurrent"/>.</summary>
    public SpikingEncoding Encoding { get; set; } = SpikingEncoding.DirectCurrent;

    /// <summary>Neurons per observation element for <see cref="SpikingEncoding.Population"/>. Default 8.</summary>
    public int PopulationSize { get; set; } = 8;

    /// <summary>
    /// Lower end of each observation element's range, for population and rate encoding (one value per element).
    /// Required for those encodings.
    /// </summary>
    public float[]? ObservationLow { get; set; }

    /// <summary>Upper end of each observation element's range, for population and rate encoding.</summary>
    public float[]? ObservationHigh { get; set; }

    /// <summary>How the output layer is read. Default <see cref="SpikingReadout.MeanMembrane"/>.</summary>
    public SpikingReadout Readout { get; set; } = SpikingReadout.MeanMembrane;

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() =>
        $"SNN {Neuron} [{string.Join(", ", HiddenSizes)}] β={Beta} T={TimeSteps} {Encoding} → {Readout}";

    internal override nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator)
    {
        if (Encoding != SpikingEncoding.DirectCurrent)
        {
            if (ObservationLow is null || ObservationHigh is null)
                throw new ArgumentException($"{Encoding} encoding needs ObservationLow and ObservationHigh (one value per observation element).");
            if (ObservationLow.Length != observationSize || ObservationHigh.Length != observationSize)
                throw new ArgumentException(
                    $"ObservationLow has {ObservationLow.Length} and ObservationHigh {ObservationHigh.Length} values; the observations have {observationSize} elements.");
        }
        return new SpikingActor(this, observationSize, outputSize, generator);
    }

    internal override void CheckHead(ActionHead head, string environmentId)
    {
        if (head.IsContinuous && Readout == SpikingReadout.SpikeCount)
            throw new NotSupportedException(
                $"The {nameof(SpikingReadout.SpikeCount)} readout gives non-negative counts, which serve as logits of discrete actions only; {environmentId} has continuous actions. Use {nameof(SpikingReadout.MeanMembrane)}.");
    }

    internal override void Validate()
    {
        NetworkValidation.Sizes(HiddenSizes, nameof(HiddenSizes), allowEmpty: false);
        NetworkValidation.UnitInterval(Beta, nameof(Beta));
        NetworkValidation.UnitInterval(Alpha, nameof(Alpha));
        NetworkValidation.PositiveFinite(Threshold, nameof(Threshold));
        NetworkValidation.PositiveFinite(SurrogateSlope, nameof(SurrogateSlope));
        NetworkValidation.AtLeast(TimeSteps, 1, nameof(TimeSteps));
        NetworkValidation.AtLeast(PopulationSize, 2, nameof(PopulationSize));
        NetworkValidation.Defined(Neuron, nameof(Neuron));
        NetworkValidation.Defined(Encoding, nameof(Encoding));
        NetworkValidation.Defined(Readout, nameof(Readout));
        if (Neuron == SpikingNeuronKind.Alpha && !(Alpha > Beta))
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, $"{nameof(Alpha)} = {Alpha}; Alpha neurons need α > β (β = {Beta}).");
        if (ObservationLow is not null && ObservationHigh is not null)
        {
            if (ObservationLow.Length != ObservationHigh.Length)
                throw new ArgumentException($"{nameof(ObservationLow)} has {ObservationLow.Length} values and {nameof(ObservationHigh)} {ObservationHigh.Length}; they must have one per observation element.", nameof(ObservationHigh));
            for (var i = 0; i < ObservationLow.Length; i++)
            {
                if (!(ObservationHigh[i] > ObservationLow[i]) || !float.IsFinite(ObservationLow[i]) || !float.IsFinite(ObservationHigh[i]))
                    throw new ArgumentOutOfRangeException(nameof(ObservationHigh),
                        $"{nameof(ObservationLow)}[{i}] = {ObservationLow[i]}, {nameof(ObservationHigh)}[{i}] = {ObservationHigh[i]}; the range must be finite with high > low.");
            }
        }
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        WriteSizes(writer, HiddenSizes);
        writer.Write((byte)Neuron);
        writer.Write(Beta);
        writer.Write(Alpha);
        writer.Write(Threshold);
        writer.Write(SurrogateSlope);
        writer.Write(TimeSteps);
        writer.Write((byte)Encoding);
        writer.Write(PopulationSize);
        writer.Write((byte)Readout);
        WriteRange(writer, ObservationLow);
        WriteRange(writer, ObservationHigh);
    }

    // Layout 0: the fields in the order WriteBody writes them.
    internal static SpikingPolicyOptions ReadBody(BinaryReader reader, int version) => new()
    {
        HiddenSizes = ReadSizes(reader),
        Neuron = (SpikingNeuronKind)reader.ReadByte(),
        Beta = reader.ReadDouble(),
        Alpha = reader.ReadDouble(),
        Threshold = reader.ReadDouble(),
        SurrogateSlope = reader.ReadDouble(),
        TimeSteps = reader.ReadInt32(),
        Encoding = (SpikingEncoding)reader.ReadByte(),
        PopulationSize = reader.ReadInt32(),
        Readout = (SpikingReadout)reader.ReadByte(),
        ObservationLow = ReadRange(reader),
        ObservationHigh = ReadRange(reader),
    };

    private static void WriteRange(BinaryWriter writer, float[]? values)
    {
        writer.Write(values?.Length ?? -1);
        foreach (var v in values ?? [])
            writer.Write(v);
    }

    private static float[]? ReadRange(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < -1 || count > 1 << 20)
            throw new InvalidDataException($"A saved observation range has {count} values.");
        if (count < 0)
            return null;
        var values = new float[count];
        for (var i = 0; i < count; i++)
            values[i] = reader.ReadSingle();
        return values;
    }
}
