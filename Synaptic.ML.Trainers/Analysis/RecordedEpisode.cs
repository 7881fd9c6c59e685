using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// One episode of a recurrent agent, recorded step by step for <see cref="RecurrentStateAnalysis"/>: the hidden
/// state h<sub>t</sub> after each step, the agent's plastic memory (for a multi-plasticity network the modulation
/// matrix M<sub>t</sub> = λM<sub>t−1</sub> + η h<sub>t</sub> x<sub>t</sub>ᵀ) after each step, the actions taken, the
/// return and, optionally, the environment's frames.
/// </summary>
/// <remarks>
/// A network without such a memory (a GRU, an LSTM) leaves <see cref="Trace"/> empty — either no arrays at all or
/// one empty array per step — and <see cref="TraceRows"/> and <see cref="TraceColumns"/> at 0.
/// </remarks>
/// <example>
/// <code>
/// var episode = new RecordedEpisode
/// {
///     Hidden = hiddenPerStep,          // T arrays of H floats
///     Trace = modulationPerStep,       // T arrays of H·I floats, row-major
///     TraceRows = hiddenSize,
///     TraceColumns = inputSize,
///     Actions = actions,               // T actions
///     Return = episodeReturn,
/// };
/// </code>
/// </example>
public sealed class RecordedEpisode
{
    /// <summary>The hidden state after each step: one array of H floats per step, all the same length.</summary>
    public required float[][] Hidden { get; init; }

    /// <summary>
    /// The plastic memory after each step, flattened row-major (<see cref="TraceRows"/> × <see cref="TraceColumns"/>,
    /// element <c>r · TraceColumns + c</c> is M[r, c]); empty, or one empty array per step, for a network without one.
    /// </summary>
    public float[][] Trace { get; init; } = [];

    /// <summary>Rows of the memory matrix (H for the modulation matrix); 0 when there is no trace.</summary>
    public int TraceRows { get; init; }

    /// <summary>Columns of the memory matrix (I, the input size, for the modulation matrix); 0 when there is no trace.</summary>
    public int TraceColumns { get; init; }

    /// <summary>The action taken at each step.</summary>
    public required int[] Actions { get; init; }

    /// <summary>The episode's return (sum of rewards, undiscounted unless the recorder says otherwise).</summary>
    public required double Return { get; init; }

    /// <summary>The environment's frame at each step, all the same size; null when not recorded.</summary>
    public IReadOnlyList<Frame>? Frames { get; init; }

    /// <summary>Number of steps: the length of <see cref="Hidden"/>.</summary>
    public int Steps => Hidden?.Length ?? 0;

    /// <summary>Whether the episode carries a memory trace (<see cref="Trace"/> has one non-empty array per step).</summary>
    public bool HasTrace => Trace is { Length: > 0 } && Trace[0] is { Length: > 0 };

    /// <summary>Width of one hidden state (H), read from the first step.</summary>
    public int HiddenSize => Hidden is { Length: > 0 } && Hidden[0] is not null ? Hidden[0].Length : 0;

    /// <summary>
    /// Checks that the episode is consistent: at least one step; every hidden state of the same, positive length;
    /// a trace that is either absent (with zero sizes) or present at every step with
    /// <see cref="TraceRows"/> × <see cref="TraceColumns"/> values; one action per step; frames, when given, one per
    /// step and all of one size; every value finite.
    /// </summary>
    /// <param name="episodeIndex">The episode's index, used in messages.</param>
    /// <exception cref="ArgumentException">The episode is inconsistent; the message names the episode, the step and
    /// the sizes involved.</exception>
    public void Validate(int episodeIndex = 0)
    {
        string name = $"Episode {episodeIndex}";
        if (Hidden is null || Hidden.Length == 0)
            throw new ArgumentException($"{name} has no steps: Hidden is {(Hidden is null ? "null" : "empty")}.", nameof(Hidden));
        int steps = Hidden.Length;
        int hiddenSize = Hidden[0]?.Length ?? 0;
        if (hiddenSize == 0)
            throw new ArgumentException($"{name}, step 0: the hidden state is {(Hidden[0] is null ? "null" : "empty")}; it needs at least one value.", nameof(Hidden));
        for (int t = 0; t < steps; t++)
            CheckRow(Hidden[t], hiddenSize, name, t, "hidden state", "H", nameof(Hidden));

        if (Actions is null || Actions.Length != steps)
            throw new ArgumentException($"{name} has {steps} hidden states but {Actions?.Length ?? 0} actions; it needs one action per step.", nameof(Actions));
        if (!double.IsFinite(Return))
            throw new ArgumentException($"{name} has return {Return}; it must be finite.", nameof(Return));

        ValidateTrace(name, steps);
        ValidateFrames(name, steps);
    }

    private void ValidateTrace(string name, int steps)
    {
        if (Trace is null)
            throw new ArgumentException($"{name}: Trace is null; use an empty array for a network without a trace.", nameof(Trace));
        bool empty = Trace.Length == 0 || Trace.All(row => row is { Length: 0 });
        if (empty)
        {
            if (TraceRows != 0 || TraceColumns != 0)
                throw new ArgumentException(
                    $"{name} has no trace values but TraceRows x TraceColumns = {TraceRows} x {TraceColumns}; both must be 0 without a trace.", nameof(Trace));
            if (Trace.Length != 0 && Trace.Length != steps)
                throw new ArgumentException($"{name} has {steps} steps but {Trace.Length} (empty) trace arrays.", nameof(Trace));
            return;
        }

        if (TraceRows <= 0 || TraceColumns <= 0)
            throw new ArgumentException(
                $"{name} has a trace but TraceRows x TraceColumns = {TraceRows} x {TraceColumns}; both must be positive.", nameof(Trace));
        if (Trace.Length != steps)
            throw new ArgumentException($"{name} has {steps} hidden states but {Trace.Length} trace arrays; it needs one per step.", nameof(Trace));
        long size = (long)TraceRows * TraceColumns;
        if (size > int.MaxValue)
            throw new ArgumentException($"{name}: a {TraceRows} x {TraceColumns} trace is too large.", nameof(Trace));
        for (int t = 0; t < steps; t++)
            CheckRow(Trace[t], (int)size, name, t, $"trace ({TraceRows} x {TraceColumns})", "TraceRows x TraceColumns", nameof(Trace));
    }

    private void ValidateFrames(string name, int steps)
    {
        if (Frames is null)
            return;
        if (Frames.Count != steps)
            throw new ArgumentException($"{name} has {steps} steps but {Frames.Count} frames; it needs one per step or none.", nameof(Frames));
        Frame? first = Frames[0];
        for (int t = 0; t < steps; t++)
        {
            Frame? frame = Frames[t];
            if (frame is null)
                throw new ArgumentException($"{name}, step {t}: the frame is null.", nameof(Frames));
            if (frame.Width != first!.Width || frame.Height != first.Height)
                throw new ArgumentException(
                    $"{name}, step {t}: the frame is {frame.Width}x{frame.Height}; step 0's is {first.Width}x{first.Height}. All frames must be one size.",
                    nameof(Frames));
        }
    }

    private static void CheckRow(float[]? row, int expected, string name, int step, string what, string sizeName, string parameter)
    {
        if (row is null)
            throw new ArgumentException($"{name}, step {step}: the {what} is null.", parameter);
        if (row.Length != expected)
            throw new ArgumentException($"{name}, step {step}: the {what} has {row.Length} values; {sizeName} = {expected}.", parameter);
        for (int i = 0; i < row.Length; i++)
        {
            if (!float.IsFinite(row[i]))
                throw new ArgumentException($"{name}, step {step}: the {what} is {row[i]} at index {i}; every value must be finite.", parameter);
        }
    }
}
