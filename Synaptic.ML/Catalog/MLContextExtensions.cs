using System.Runtime.CompilerServices;
using Microsoft.ML;
using Synaptic.ML.Persistence;

namespace Synaptic.ML;

/// <summary>Adds <see cref="Synaptic(MLContext)"/> to <see cref="MLContext"/>.</summary>
public static class MLContextExtensions
{
    private static readonly ConditionalWeakTable<MLContext, SynapticCatalog> Catalogs = new();

    /// <summary>
    /// Returns the Synaptic.ML catalog of this context and registers the library's model loaders
    /// on it, so that <c>mlContext.Model.Load</c> can read zips that contain Synaptic transformers.
    /// Idempotent and thread-safe: every call on the same context returns the same catalog.
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <returns>The catalog of encoders, trainers, environments and data helpers.</returns>
    public static SynapticCatalog Synaptic(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Catalogs.GetValue(context, static ctx =>
        {
            SynapticModelRegistry.RegisterAll(ctx);
            return new SynapticCatalog(ctx);
        });
    }
}
