using Microsoft.ML;
using Synaptic.ML.Persistence;

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

    /// <summary>
    /// Loads a model zip like <c>mlContext.Model.Load</c>, but reports a truncated, corrupted or
    /// too-new model with one clear message instead of ML.NET's layers of reflection exceptions.
    /// It works on any context, fresh or not: getting this catalog registered the library's model
    /// loaders, which ML.NET's own <c>Model.Load</c> needs first (ML.NET offers no public way for a
    /// library to register them when a zip is read; see docs/persistence.md).
    /// </summary>
    /// <param name="path">The zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    /// <returns>The loaded transformer.</returns>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a model this library can read; the message says why.</exception>
    /// <exception cref="InvalidOperationException">The model holds a TorchSharp network and TorchSharp cannot load on this machine; the message says why and what to do.</exception>
    public ITransformer LoadModel(string path, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        using var stream = File.OpenRead(path);
        return LoadModel(stream, $"'{path}'", out inputSchema);
    }

    /// <summary>Loads a model zip from a stream; see <see cref="LoadModel(string, out DataViewSchema)"/>.</summary>
    /// <param name="stream">A readable, seekable stream holding the zip.</param>
    /// <param name="inputSchema">The schema the model was saved with.</param>
    /// <returns>The loaded transformer.</returns>
    /// <exception cref="InvalidDataException">The stream is not a model this library can read; the message says why.</exception>
    /// <exception cref="InvalidOperationException">The model holds a TorchSharp network and TorchSharp cannot load on this machine; the message says why and what to do.</exception>
    public ITransformer LoadModel(Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return LoadModel(stream, "from the stream", out inputSchema);
    }

    private ITransformer LoadModel(Stream stream, string source, out DataViewSchema inputSchema)
    {
        try
        {
            return Context.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (Torch.TorchRuntime.FindLoadFailure(e) is { } torchFailure)
        {
            // The model is fine: this machine cannot run TorchSharp, and that sentence is the one to read.
            throw new InvalidOperationException(torchFailure.Message, e);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException or System.Reflection.TargetInvocationException)
        {
            throw new InvalidDataException($"Cannot load the model {source}: {ModelLoadFailure.Explain(e)}", e);
        }
    }
}
