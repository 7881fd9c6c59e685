using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>Supervised spiking classifiers on the Synaptic trainers catalog, in ML.NET's idiom.</summary>
public static class SupervisedCatalog
{
    /// <summary>A multiclass spiking classifier trained with surrogate gradients (key label, known-size Single features).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer; <c>Fit</c> returns a <see cref="SpikingMulticlassTransformer"/>.</returns>
    public static SpikingMulticlassTrainer SpikingMulticlass(this SynapticTrainersCatalog catalog, SpikingClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SpikingMulticlassTrainer(catalog.Context, options);
    }

    /// <summary>A multiclass spiking classifier with <see cref="SpikingClassifierOptions"/>'s defaults otherwise (snnTorch's tutorial network).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="labelColumnName">The key label column. Default "Label".</param>
    /// <param name="featureColumnName">The feature column. Default "Features".</param>
    /// <param name="epochs">Passes over the data. Default 1.</param>
    /// <param name="network">The network; null for one hidden layer of 1,000 Leaky neurons, T 25, rate coding.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The trainer.</returns>
    public static SpikingMulticlassTrainer SpikingMulticlass(this SynapticTrainersCatalog catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 1, SpikingClassifierNetworkOptions? network = null, int? seed = null) =>
        catalog.SpikingMulticlass(Options(labelColumnName, featureColumnName, epochs, network, seed));

    /// <summary>A binary spiking classifier trained with surrogate gradients (Boolean label, known-size Single features).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer; <c>Fit</c> returns a <see cref="SpikingBinaryTransformer"/>.</returns>
    public static SpikingBinaryTrainer SpikingBinary(this SynapticTrainersCatalog catalog, SpikingClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SpikingBinaryTrainer(catalog.Context, options);
    }

    /// <summary>A binary spiking classifier with <see cref="SpikingClassifierOptions"/>'s defaults otherwise.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="labelColumnName">The Boolean label column. Default "Label".</param>
    /// <param name="featureColumnName">The feature column. Default "Features".</param>
    /// <param name="epochs">Passes over the data. Default 1.</param>
    /// <param name="network">The network; null for one hidden layer of 1,000 Leaky neurons, T 25, rate coding.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The trainer.</returns>
    public static SpikingBinaryTrainer SpikingBinary(this SynapticTrainersCatalog catalog, string labelColumnName = "Label",
        string featureColumnName = "Features", int epochs = 1, SpikingClassifierNetworkOptions? network = null, int? seed = null) =>
        catalog.SpikingBinary(Options(labelColumnName, featureColumnName, epochs, network, seed));

    private static SpikingClassifierOptions Options(string labelColumnName, string featureColumnName, int epochs, SpikingClassifierNetworkOptions? network, int? seed)
    {
        var options = new SpikingClassifierOptions
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            Epochs = epochs,
            Seed = seed,
        };
        options.Network = network ?? options.Network;
        return options;
    }
}
