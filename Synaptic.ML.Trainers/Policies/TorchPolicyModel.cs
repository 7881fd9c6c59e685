namespace Synaptic.ML.Trainers;

/// <summary>
/// A <see cref="PolicyModel"/> over one TorchSharp network: the network is not thread-safe, so every use holds
/// <see cref="Gate"/>, and disposing the model disposes the network under the same lock.
/// </summary>
/// <param name="network">The TorchSharp module the model owns.</param>
public abstract class TorchPolicyModel(IDisposable network) : PolicyModel
{
    /// <summary>The lock every use of the network holds.</summary>
    private protected object Gate { get; } = new();

    /// <inheritdoc/>
    internal override bool UsesTorch => true;

    /// <summary>Disposes the TorchSharp network.</summary>
    /// <param name="disposing">True from <see cref="PolicyModel.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (Gate)
                network.Dispose();
        }
        base.Dispose(disposing);
    }
}
