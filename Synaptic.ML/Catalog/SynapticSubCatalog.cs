using Microsoft.ML;

namespace Synaptic.ML;

/// <summary>
/// Base of the Synaptic sub-catalogs: gives extension methods in other assemblies the
/// <see cref="MLContext"/> they need to create estimators, trainers and environments.
/// </summary>
public abstract class SynapticSubCatalog
{
    private protected SynapticSubCatalog(MLContext context) => Context = context;

    /// <summary>The ML.NET context this catalog belongs to; the source of seeds and logging.</summary>
    public MLContext Context { get; }
}

/// <summary>Spike encoders, decoders and spiking feature transforms: <c>mlContext.Synaptic().Transforms</c>.</summary>
public sealed class SynapticTransformsCatalog : SynapticSubCatalog
{
    internal SynapticTransformsCatalog(MLContext context) : base(context) { }
}

/// <summary>Trainers: <c>mlContext.Synaptic().Trainers</c>. Filled by <c>Synaptic.ML.Trainers</c>.</summary>
public sealed class SynapticTrainersCatalog : SynapticSubCatalog
{
    internal SynapticTrainersCatalog(MLContext context) : base(context) { }
}

/// <summary>Environments: <c>mlContext.Synaptic().Environments</c>. Filled by <c>Synaptic.ML.Environments</c>.</summary>
public sealed class SynapticEnvironmentsCatalog : SynapticSubCatalog
{
    internal SynapticEnvironmentsCatalog(MLContext context) : base(context) { }
}

/// <summary>Episode data and data-set loaders: <c>mlContext.Synaptic().Data</c>.</summary>
public sealed class SynapticDataCatalog : SynapticSubCatalog
{
    internal SynapticDataCatalog(MLContext context) : base(context) { }
}
