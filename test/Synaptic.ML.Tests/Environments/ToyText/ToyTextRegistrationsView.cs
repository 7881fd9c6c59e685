using System.Reflection;
using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>
/// The internal ToyTextRegistrations list, read by reflection because Synaptic.ML.Environments does
/// not expose its internals to the tests.
/// </summary>
internal static class ToyTextRegistrationsView
{
    public static IReadOnlyList<(EnvSpec Spec, Func<Env> Factory)> All { get; } = Load();

    public static (EnvSpec Spec, Func<Env> Factory) Get(string id) => All.Single(entry => entry.Spec.Id == id);

    private static IReadOnlyList<(EnvSpec Spec, Func<Env> Factory)> Load()
    {
        var type = typeof(Env).Assembly.GetType("Synaptic.ML.Environments.ToyText.ToyTextRegistrations", throwOnError: true)!;
        var property = type.GetProperty("All", BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMemberException(type.FullName, "All");
        return ((IEnumerable<(EnvSpec, Func<Env>)>)property.GetValue(null)!).ToArray();
    }
}
