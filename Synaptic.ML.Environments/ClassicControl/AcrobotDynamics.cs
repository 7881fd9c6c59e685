namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>Which equations of motion <see cref="Acrobot"/> integrates (Gymnasium's <c>book_or_nips</c>).</summary>
public enum AcrobotDynamics
{
    /// <summary>
    /// The equations of Sutton and Barto's book (and the Java implementation), Gymnasium's default:
    /// the angular acceleration of the second joint includes the term −m2·l1·lc2·θ̇1²·sin θ2.
    /// </summary>
    Book,

    /// <summary>The equations as printed in Sutton's NIPS 1995 paper, which miss that term.</summary>
    Nips,
}
