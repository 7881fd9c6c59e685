using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments;

/// <summary>Measures what stepping (and resetting at episode ends) allocates on the calling thread.</summary>
internal static class EnvAllocation
{
    public static long BytesOverSteps(Env env, int steps = 1000, int seed = 0)
    {
        var observation = new float[env.ObservationSpace.Size];
        var action = new float[env.ActionSpace.Size];
        var random = new SplitMix64((ulong)seed);
        env.Reset(observation, seed);
        Run(env, observation, action, ref random, 50);   // warm-up: first calls may JIT or size buffers
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(env, observation, action, ref random, steps);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Run(Env env, float[] observation, float[] action, ref SplitMix64 random, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            env.ActionSpace.Sample(action, ref random);
            if (env.Step(action, observation).Done)
                env.Reset(observation);
        }
    }
}
