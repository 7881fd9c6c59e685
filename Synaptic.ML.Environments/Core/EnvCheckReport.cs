namespace Synaptic.ML.Environments;

/// <summary>What <see cref="EnvChecker"/> found: problems (contract violations) and warnings (legal but discouraged).</summary>
public sealed class EnvCheckReport
{
    internal EnvCheckReport(string envId, IReadOnlyList<string> problems, IReadOnlyList<string> warnings, bool rendersFrames, int stepsTaken)
    {
        EnvId = envId;
        Problems = problems;
        Warnings = warnings;
        RendersFrames = rendersFrames;
        StepsTaken = stepsTaken;
    }

    /// <summary>Id of the checked environment.</summary>
    public string EnvId { get; }

    /// <summary>Violations of the environment contract, each naming the call and value at fault.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Things Gymnasium's checker warns about (e.g. unbounded or unnormalised Box spaces).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Whether no problem was found.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>Whether <see cref="Env.Render"/> returned frames (false when it is not supported).</summary>
    public bool RendersFrames { get; }

    /// <summary>Steps the checker took in all.</summary>
    public int StepsTaken { get; }

    /// <summary>A readable summary listing every problem and warning.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var lines = new List<string>
        {
            Passed ? $"{EnvId} passed the environment checks ({StepsTaken} steps)." : $"{EnvId} failed {Problems.Count} environment check(s):",
        };
        lines.AddRange(Problems.Select(p => $"  - {p}"));
        if (Warnings.Count > 0)
        {
            lines.Add("Warnings:");
            lines.AddRange(Warnings.Select(w => $"  - {w}"));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
