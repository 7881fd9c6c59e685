using Microsoft.ML;

namespace Synaptic.ML.Persistence;

/// <summary>
/// A Synaptic component that writes itself into an ML.NET model zip. See
/// <see cref="ISynapticModel{TSelf}"/> for the loading side.
/// </summary>
public interface ISynapticModel : ICanSaveModel
{
    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">Access to the model's binary payload and named streams.</param>
    void SaveModel(SynapticModelWriter writer);
}

/// <summary>
/// A Synaptic transformer that can be saved into and loaded from an ML.NET model zip with
/// <c>mlContext.Model.Save</c>/<c>Load</c>. Implementations are discovered by
/// <c>mlContext.Synaptic()</c>, which registers a loader for each of them on that context.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface ISynapticModel<TSelf> : ISynapticModel
    where TSelf : class, ISynapticModel<TSelf>
{
    /// <summary>Identity and version range of this model kind in the zip.</summary>
    static abstract ModelFormat ModelFormat { get; }

    /// <summary>Reads a model written by <see cref="ISynapticModel.SaveModel"/> (at a version this library reads).</summary>
    /// <param name="env">The environment ML.NET loads with (not necessarily an <see cref="MLContext"/>).</param>
    /// <param name="reader">Access to the model's binary payload and named streams.</param>
    /// <returns>The loaded model.</returns>
    static abstract TSelf LoadModel(IHostEnvironment env, SynapticModelReader reader);
}
