namespace Synaptic.ML.Trainers;

/// <summary>
/// The per-episode state of a stateful policy model (a recurrent layer's activity, fast Hebbian weights) for a
/// number of sequences run side by side (slots): an episode view's rows, the environments of an evaluation.
/// </summary>
public abstract class PolicyState
{
    /// <summary>The state of models that have none.</summary>
    public static PolicyState Stateless { get; } = new NoState();

    /// <summary>Number of sequences (slots).</summary>
    public abstract int Slots { get; }

    /// <summary>Starts a new episode in <paramref name="slot"/>.</summary>
    /// <param name="slot">The slot, in [0, <see cref="Slots"/>).</param>
    public abstract void Reset(int slot);

    /// <summary>Starts a new episode in every slot.</summary>
    public virtual void ResetAll()
    {
        for (var i = 0; i < Slots; i++)
            Reset(i);
    }

    private sealed class NoState : PolicyState
    {
        // Any slot: stateless models ignore slots.
        public override int Slots => int.MaxValue;

        public override void Reset(int slot)
        {
        }

        // Nothing to reset, and no slot-by-slot walk over int.MaxValue slots.
        public override void ResetAll()
        {
        }
    }
}
