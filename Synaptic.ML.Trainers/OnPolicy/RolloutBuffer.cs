using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The transitions of one rollout, step-major (entry t·N + i is step t of sub-environment i), with the
/// quantities the update needs. Unused entries (sub-environments parked after their episode ended in
/// complete-episode rollouts) have <see cref="Valid"/> false.
/// </summary>
internal sealed class RolloutBuffer
{
    public RolloutBuffer(int environments, int observationSize, int actionSize)
    {
        Environments = environments;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        LastValues = new float[environments];
    }

    public int Environments { get; }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    /// <summary>Number of steps stored per sub-environment.</summary>
    public int Steps { get; private set; }

    public float[] Observations { get; private set; } = [];

    /// <summary>Raw actions (what the log-probabilities refer to).</summary>
    public float[] Actions { get; private set; } = [];

    /// <summary>Rewards, plus γV(final observation) where an episode was truncated and the policy has a critic.</summary>
    public float[] Rewards { get; private set; } = [];

    public float[] Values { get; private set; } = [];

    public float[] LogProbabilities { get; private set; } = [];

    public bool[] EpisodeEnded { get; private set; } = [];

    public bool[] Valid { get; private set; } = [];

    public float[] Advantages { get; private set; } = [];

    public float[] Returns { get; private set; } = [];

    /// <summary>V of the observations after the last step (zeros without a critic).</summary>
    public float[] LastValues { get; }

    /// <summary>Number of valid entries.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a rollout of up to <paramref name="steps"/> steps per sub-environment.</summary>
    public void Start(int steps)
    {
        var size = steps * Environments;
        if (Rewards.Length < size)
        {
            Observations = new float[size * ObservationSize];
            Actions = new float[size * ActionSize];
            Rewards = new float[size];
            Values = new float[size];
            LogProbabilities = new float[size];
            EpisodeEnded = new bool[size];
            Valid = new bool[size];
            Advantages = new float[size];
            Returns = new float[size];
        }
        Steps = 0;
        Count = 0;
        Array.Clear(LastValues);
    }

    /// <summary>Makes room for one more step when a complete-episode rollout runs longer than planned.</summary>
    public void EnsureStep(int step)
    {
        var needed = (step + 1) * Environments;
        if (needed <= Rewards.Length)
            return;
        var size = Math.Max(needed, Rewards.Length * 2);
        Observations = Grow(Observations, size * ObservationSize);
        Actions = Grow(Actions, size * ActionSize);
        Rewards = Grow(Rewards, size);
        Values = Grow(Values, size);
        LogProbabilities = Grow(LogProbabilities, size);
        EpisodeEnded = Grow(EpisodeEnded, size);
        Valid = Grow(Valid, size);
        Advantages = Grow(Advantages, size);
        Returns = Grow(Returns, size);
    }

    /// <summary>Marks the end of a step: <paramref name="step"/> + 1 steps are stored.</summary>
    public void EndStep(int step, int validEntries)
    {
        Steps = step + 1;
        Count += validEntries;
    }

    /// <summary>The valid entries as tensors: observations [M, obs], actions [M, act], old log-probabilities, advantages, returns and old values [M].</summary>
    public RolloutTensors ToTensors()
    {
        var total = Steps * Environments;
        var index = new int[Count];
        var m = 0;
        for (var k = 0; k < total; k++)
        {
            if (Valid[k])
                index[m++] = k;
        }
        return new RolloutTensors(
            Gather(Observations, index, ObservationSize),
            Gather(Actions, index, ActionSize),
            Gather(LogProbabilities, index, 1).squeeze(1),
            Gather(Advantages, index, 1).squeeze(1),
            Gather(Returns, index, 1).squeeze(1),
            Gather(Values, index, 1).squeeze(1));
    }

    private static Tensor Gather(float[] source, int[] index, int width)
    {
        var values = new float[index.Length * width];
        for (var j = 0; j < index.Length; j++)
            Array.Copy(source, index[j] * width, values, j * width, width);
        return Tensors.Copy(values, index.Length, width);
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
    }
}
