using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A multi-plasticity layer (Aitken &amp; Mihalas, eLife 2023): slow weights W learned by backpropagation, gated by a
/// fast modulation matrix M that a Hebbian rule rewrites at every step of an episode,
/// h_t = f(b + (W ⊙ (M_{t−1} + 1))·x_t) and M_t = λ·M_{t−1} + η·h_t·x_tᵀ. M is the layer's only memory: there are no
/// recurrent connections.
/// </summary>
public sealed class MultiPlasticityOptions : SequenceCoreOptions
{
    /// <summary>Activation f. Default <see cref="HebbianActivation.Tanh"/> (it keeps h, and so M, bounded).</summary>
    public HebbianActivation Activation { get; set; } = HebbianActivation.Tanh;

    /// <summary>Decay λ of M per step, in [0, 1) (the paper's range is 0.9–0.99). Default 0.95.</summary>
    public double Decay { get; set; } = 0.95;

    /// <summary>Hebbian learning rate η, finite (the paper's range is 0.01–0.1; negative values make anti-Hebbian layers). Default 0.05.</summary>
    public double HebbianRate { get; set; } = 0.05;

    /// <summary>Whether λ is learned by backpropagation (kept in (0, 1) through a sigmoid). Default false.</summary>
    public bool LearnDecay { get; set; }

    /// <summary>Whether η is learned by backpropagation. Default false.</summary>
    public bool LearnHebbianRate { get; set; }

    /// <summary>
    /// Whether x is extended with a constant 1 (W then has I + 1 columns, the last acting as a modulated bias, and M's
    /// last column keeps a decaying trace of h itself — a memory that does not vanish when the inputs are small, as
    /// CartPole's angles are); false for the rule on x alone. Default true.
    /// </summary>
    public bool BiasInput { get; set; } = true;

    /// <summary>Bound B of M: after each update M is clipped to [−B, B]; null for no clip. Default null.</summary>
    public double? TraceBound { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"MPN {HiddenSize} ({Activation}, λ {Decay}{(LearnDecay ? " learned" : "")}, η {HebbianRate}{(LearnHebbianRate ? " learned" : "")}" +
        (TraceBound is double b ? $", |M| ≤ {b}" : "") + (BiasInput ? "" : ", no bias input") + ")";

    internal override SequenceCore Create(int inputSize, TorchSharp.torch.Generator generator) => new MultiPlasticityCore(new MultiPlasticityLayer(inputSize, this, generator));

    internal override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Activation))
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Unknown activation.");
        if (!(Decay >= 0 && Decay < 1))
            throw new ArgumentOutOfRangeException(nameof(Decay), Decay, $"The decay λ of M must lie in [0, 1); it is {Decay}.");
        if (LearnDecay && Decay == 0)
            throw new ArgumentOutOfRangeException(nameof(Decay), Decay, "A learned decay λ is kept in (0, 1) by a sigmoid, so it cannot start at 0.");
        if (!double.IsFinite(HebbianRate))
            throw new ArgumentOutOfRangeException(nameof(HebbianRate), HebbianRate, $"The Hebbian rate η must be finite; it is {HebbianRate}.");
        if (TraceBound is double bound && !(bound > 0 && double.IsFinite(bound)))
            throw new ArgumentOutOfRangeException(nameof(TraceBound), bound, $"The bound of M must be positive and finite (or null for none); it is {bound}.");
    }

    private protected override int KindId => 1;

    private protected override void WriteFields(BinaryWriter writer)
    {
        writer.Write((int)Activation);
        writer.Write(Decay);
        writer.Write(HebbianRate);
        writer.Write(LearnDecay);
        writer.Write(LearnHebbianRate);
        writer.Write(TraceBound.HasValue);
        writer.Write(TraceBound ?? 0);
        writer.Write(BiasInput);
    }

    internal static MultiPlasticityOptions ReadFields(BinaryReader reader)
    {
        var options = new MultiPlasticityOptions
        {
            Activation = (HebbianActivation)reader.ReadInt32(),
            Decay = reader.ReadDouble(),
            HebbianRate = reader.ReadDouble(),
            LearnDecay = reader.ReadBoolean(),
            LearnHebbianRate = reader.ReadBoolean(),
        };
        var bounded = reader.ReadBoolean();
        var bound = reader.ReadDouble();
        options.TraceBound = bounded ? bound : null;
        options.BiasInput = reader.ReadBoolean();
        return options;
    }
}
