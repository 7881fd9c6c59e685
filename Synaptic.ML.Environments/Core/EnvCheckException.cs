namespace Synaptic.ML.Environments;

/// <summary>Thrown by <see cref="EnvChecker.Check"/> when an environment breaks the contract; the message lists every problem.</summary>
public sealed class EnvCheckException : Exception
{
    /// <summary>Creates the exception from a failed report.</summary>
    /// <param name="report">The report; its problems become the message.</param>
    public EnvCheckException(EnvCheckReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString())
    {
        Report = report;
    }

    /// <summary>The full report.</summary>
    public EnvCheckReport Report { get; }

    /// <summary>The problems found.</summary>
    public IReadOnlyList<string> Problems => Report.Problems;
}
