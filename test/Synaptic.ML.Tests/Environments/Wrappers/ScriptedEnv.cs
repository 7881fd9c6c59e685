using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.Environments.Wrappers;

/// <summary>
/// A deterministic test environment that replays a script: Reset returns observations[0], step t
/// returns observations[t % length] and rewards[(t - 1) % length]; the episode ends at step
/// <c>episodeLength</c> (terminated, or truncated when asked). Remembers the last action it got,
/// and renders a tiny frame whose colour encodes the step.
/// </summary>
internal sealed class ScriptedEnv : Env
{
    private readonly float[][] _observations;
    private readonly double[] _rewards;
    private readonly bool _truncate;
    private readonly float[] _lastAction;

    public ScriptedEnv(float[][] observations, double[]? rewards = null, int? episodeLength = null, bool truncate = false,
        BoxSpace? observationSpace = null, Space? actionSpace = null)
        : base("Scripted-v0")
    {
        _observations = observations;
        _rewards = rewards ?? [1.0];
        EpisodeLength = episodeLength ?? observations.Length - 1;
        _truncate = truncate;
        ObservationSpace = observationSpace ?? new BoxSpace(-100f, 100f, observations[0].Length);
        ActionSpace = actionSpace ?? new BoxSpace(-1f, 1f, 1);
        _lastAction = new float[ActionSpace.Size];
    }

    public override Space ObservationSpace { get; }

    public override Space ActionSpace { get; }

    public ReadOnlySpan<float> LastAction => _lastAction;

    public int EpisodeLength { get; set; }

    public int StepInEpisode { get; private set; }

    public int Resets { get; private set; }

    public bool PutInfo { get; init; }

    public override Frame Render()
    {
        const int width = 5, height = 4;
        var rgb = new byte[width * height * 3];
        for (var p = 0; p < width * height; p++)
        {
            rgb[3 * p] = (byte)(40 * StepInEpisode);
            rgb[3 * p + 1] = (byte)(7 * p);
            rgb[3 * p + 2] = (byte)(255 - 30 * Resets);
        }
        return new Frame(width, height, rgb);
    }

    protected override void OnReset(Span<float> observation, int? seed)
    {
        StepInEpisode = 0;
        Resets++;
        _observations[0].CopyTo(observation);
        if (PutInfo)
            InfoEntries["phase"] = "reset";
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        action.CopyTo(_lastAction);
        StepInEpisode++;
        _observations[StepInEpisode % _observations.Length].CopyTo(observation);
        if (PutInfo)
            InfoEntries["phase"] = "step";
        var ended = StepInEpisode >= EpisodeLength;
        return new StepOutcome(_rewards[(StepInEpisode - 1) % _rewards.Length], ended && !_truncate, ended && _truncate);
    }
}
