using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Named factories of user-supplied TorchSharp actor modules. A policy with <see cref="CustomPolicyOptions"/>
/// saves the name and the weights; loading it calls the factory registered under that name to rebuild the
/// module, so register it before training and before loading.
/// </summary>
public static class PolicyModuleRegistry
{
    private static readonly ConcurrentDictionary<string, Func<int, int, nn.Module<Tensor, Tensor>>> Factories = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a factory.</summary>
    /// <param name="name">The name saved with the policy.</param>
    /// <param name="factory">
    /// Builds the actor from (observation size, output size): observations [B, obs] → distribution parameters
    /// [B, output] (logits for discrete actions, the Gaussian mean for continuous ones).
    /// </param>
    public static void Register(string name, Func<int, int, nn.Module<Tensor, Tensor>> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        Factories[name] = factory;
    }

    /// <summary>The registered names.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.Order(StringComparer.Ordinal).ToArray();

    internal static nn.Module<Tensor, Tensor> Create(string name, int observationSize, int outputSize)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new KeyNotFoundException(
                $"No policy module is registered as '{name}'; call PolicyModuleRegistry.Register(\"{name}\", factory) first (registered: {string.Join(", ", Names.DefaultIfEmpty("none"))}).");
        return factory(observationSize, outputSize)
            ?? throw new InvalidOperationException($"The policy module factory '{name}' returned null.");
    }
}
