namespace Synaptic.ML.Persistence;

/// <summary>
/// Marks an assembly that defines <see cref="ISynapticModel{TSelf}"/> types, so that <c>mlContext.Synaptic()</c>
/// registers their loaders even before the application touched the assembly (a zip is often loaded by an app
/// that never named the trainer that wrote it). The core finds marked assemblies in the application's folder
/// by reading their metadata; it names none of them.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SynapticModelAssemblyAttribute : Attribute
{
}
