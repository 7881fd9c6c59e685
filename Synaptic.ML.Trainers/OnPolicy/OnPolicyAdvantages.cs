namespace Synaptic.ML.Trainers;

/// <summary>Applies <see cref="Advantages.Gae"/> to a rollout buffer.</summary>
internal static class OnPolicyAdvantages
{
    public static void Gae(RolloutBuffer buffer, double gamma, double lambda)
    {
        var size = buffer.Steps * buffer.Environments;
        Advantages.Gae(buffer.Rewards.AsSpan(0, size), buffer.Values.AsSpan(0, size), buffer.EpisodeEnded.AsSpan(0, size), buffer.LastValues,
            gamma, lambda, buffer.Advantages.AsSpan(0, size), buffer.Returns.AsSpan(0, size));
    }
}
