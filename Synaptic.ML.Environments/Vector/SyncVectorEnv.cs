namespace Synaptic.ML.Environments.Vector;

/// <summary>
/// A <see cref="VectorEnv"/> that steps its sub-environments one after another on the calling
/// thread, as Gymnasium's <c>SyncVectorEnv</c>. The right choice for cheap environments (classic
/// control, toy text), where threads would cost more than the steps.
/// </summary>
/// <example>
/// <code>
/// using var envs = new SyncVectorEnv(() => new CartPoleEnv(), 8);
/// envs.Reset(seed: 42);
/// envs.Step(actions);               // actions: 8 floats
/// var reward3 = envs.Rewards[3];
/// </code>
/// </example>
public sealed class SyncVectorEnv : VectorEnv
{
    /// <summary>Creates <paramref name="numEnvs"/> sub-environments with <paramref name="factory"/>.</summary>
    /// <param name="factory">Creates one new, independent sub-environment per call.</param>
    /// <param name="numEnvs">Number of sub-environments, positive.</param>
    /// <param name="autoresetMode">When finished sub-environments restart.</param>
    public SyncVectorEnv(Func<Env> factory, int numEnvs, AutoresetMode autoresetMode = AutoresetMode.NextStep)
        : base(factory, numEnvs, autoresetMode)
    {
    }

    private protected override void Run() => RunRange(0, NumEnvs);
}
