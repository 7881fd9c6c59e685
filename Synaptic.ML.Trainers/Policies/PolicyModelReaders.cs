using System.Collections.Concurrent;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Rebuilds saved policy models by their <see cref="PolicyModel.Kind"/>. Each model family registers its reader
/// here (in its static constructor or the registry's list below), so the policy transformer loads any of them.
/// </summary>
internal static class PolicyModelReaders
{
    private static readonly ConcurrentDictionary<string, Func<BinaryReader, PolicyModel>> Readers = new(StringComparer.Ordinal)
    {
        [ActorCriticPolicy.KindName] = ActorCriticPolicy.Read,
        [QTablePolicy.KindName] = QTablePolicy.Read,
        [QNetworkPolicy.KindName] = QNetworkPolicy.Read,
        [RecurrentQPolicy.KindName] = RecurrentQPolicy.Read,
        [RewardModulatedStdpPolicy.KindName] = RewardModulatedStdpPolicy.Read,
        [SpikingMazeAgentPolicy.KindName] = SpikingMazeAgentPolicy.Read,
    };

    public static void Register(string kind, Func<BinaryReader, PolicyModel> read) => Readers[kind] = read;

    public static PolicyModel Read(string kind, BinaryReader reader) =>
        Readers.TryGetValue(kind, out var read)
            ? read(reader)
            : throw new InvalidDataException($"The saved policy is a '{kind}' model, which this Synaptic.ML does not know (it knows {string.Join(", ", Readers.Keys.Order())}).");
}
