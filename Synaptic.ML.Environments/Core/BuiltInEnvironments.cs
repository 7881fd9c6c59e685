using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.MinAtar;
using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Environments;

/// <summary>The environments the registry knows from the start, with Gymnasium's specs where Gymnasium defines them (MinAtar's for its games).</summary>
internal static class BuiltInEnvironments
{
    public static IEnumerable<(EnvSpec Spec, Func<Env> Factory)> All =>
        ClassicControlRegistrations.All.Concat(ToyTextRegistrations.All).Concat(CustomRegistrations.All).Concat(MinAtarRegistrations.All);
}
