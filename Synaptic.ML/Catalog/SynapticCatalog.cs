using Microsoft.ML;

namespace Synaptic.ML;

/// <summary>
/// The entry point of Synaptic.ML on an <see cref="MLContext"/>: obtained with
/// <c>mlContext.Synaptic()</c>, it groups spike encoders and spiking transforms
/// (<see cref="Transforms"/>), reinforcement-learning and few-shot trainers (<see cref="Trainers"/>),
/// Gymnasium-style environments (<see cref="Environments"/>) and episode data (<see cref="Data"/>).
/// </summary>
/// <remarks>
/// Following ML.NET's own pattern, the sub-catalogs are defined here and filled through extension
/// methods from the assembly that implements each family (for example <c>Synaptic.ML.Trainers</c>
/// adds its trainers to <see cref="SynapticTrainersCatalog"/>).
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 0);
/// var pipeline = ml.Synaptic().Transforms.EncodeRate("Spikes", "Pixels", timeSteps: 25);
/// </code>
/// </example>
public sealed class SynapticCatalog
{
    internal SynapticCatalog(MLContext context)
    {
        Context = context;
        Transforms = new SynapticTransformsCatalog(context);
        Trainers = new SynapticTrainersCatalog(context);
        Environments = new SynapticEnvironmentsCatalog(context);
        Data = new SynapticDataCatalog(context);
    }

    /// <summary>The ML.NET context this catalog belongs to.</summary>
    public MLContext Context { get; }

    /// <summary>Spike encoders, decoders and spiking feature transforms.</summary>
    public SynapticTransformsCatalog Transforms { get; }

    /// <summary>Reinforcement-learning, plasticity and few-shot trainers.</summary>
    public SynapticTrainersCatalog Trainers { get; }

    /// <summary>Gymnasium-compatible environments and wrappers.</summary>
    public SynapticEnvironmentsCatalog Environments { get; }

    /// <summary>Episode data, rollouts and data-set loaders.</summary>
    public SynapticDataCatalog Data { get; }
}
