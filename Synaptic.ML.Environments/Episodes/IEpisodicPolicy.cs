namespace Synaptic.ML.Environments;

/// <summary>
/// A policy with state that lives for one episode (a recurrent network, fast Hebbian weights): whoever runs it
/// calls <see cref="StartEpisode"/> at every reset, then <see cref="Act"/> for every step of that episode.
/// </summary>
public interface IEpisodicPolicy
{
    /// <summary>Forgets the previous episode; called right after the environment was reset.</summary>
    void StartEpisode();

    /// <summary>Chooses the action for the next step of the current episode.</summary>
    /// <param name="observation">The current observation.</param>
    /// <param name="action">Destination of the action (the action space's size).</param>
    void Act(ReadOnlySpan<float> observation, Span<float> action);
}
