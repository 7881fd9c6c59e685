using Microsoft.ML;
using Synaptic.ML.Environments.ToyText;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The exact optimum of a toy-text environment by value iteration over its transition table (Bellman, 1957):
/// Q(s, a) = Σ p·(r + γ·(1 − terminated)·max Q(s′, ·)), iterated until no value moves by more than the tolerance.
/// Tabular learners are compared with it.
/// </summary>
public static class ValueIteration
{
    /// <summary>
    /// Solves <paramref name="env"/>'s table and wraps the optimum in a <see cref="PolicyTransformer"/> (reading the
    /// "Observation" column, appending "Action" and "QValues"), to evaluate, score or save like a learned policy.
    /// </summary>
    /// <param name="context">The ML.NET context.</param>
    /// <param name="env">A toy-text environment (its transition table is read, it is not stepped).</param>
    /// <param name="gamma">Discount factor in [0, 1).</param>
    /// <returns>The optimal greedy policy over Q*.</returns>
    public static PolicyTransformer SolvePolicy(MLContext context, DiscreteTransitionEnv env, double gamma)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (optimal, _) = Solve(env, gamma);
        return new PolicyTransformer(context, "Observation", new PolicyColumnNames(), optimal, null);
    }

    /// <summary>Solves <paramref name="env"/>'s table.</summary>
    /// <param name="env">A toy-text environment (its <see cref="DiscreteTransitionEnv.TransitionTable"/> is read, it is not stepped).</param>
    /// <param name="gamma">Discount factor in [0, 1).</param>
    /// <param name="tolerance">Largest change of a value at which iteration stops. Default 1e-10.</param>
    /// <returns>Q*, as a Q-table policy (greedy = optimal), and the number of sweeps.</returns>
    /// <exception cref="ArgumentOutOfRangeException">γ outside [0, 1) or a tolerance that is not positive.</exception>
    public static (QTablePolicy Optimal, int Sweeps) Solve(DiscreteTransitionEnv env, double gamma, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!(gamma >= 0 && gamma < 1))
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"{nameof(gamma)} must lie in [0, 1) for value iteration to converge; it is {gamma}.");
        OptionChecks.PositiveFinite(tolerance, nameof(tolerance));
        var table = env.TransitionTable;
        int states = env.StateCount, actions = env.ActionCount;
        var q = new double[states * actions];
        var v = new double[states];
        for (var sweep = 1; ; sweep++)
        {
            var change = 0.0;
            for (var s = 0; s < states; s++)
            {
                for (var a = 0; a < actions; a++)
                {
                    var value = 0.0;
                    foreach (var t in table[s][a])
                        value += t.Probability * (t.Reward + (t.Terminated ? 0 : gamma * v[t.NextState]));
                    change = Math.Max(change, Math.Abs(value - q[s * actions + a]));
                    q[s * actions + a] = value;
                }
            }
            for (var s = 0; s < states; s++)
            {
                var best = double.NegativeInfinity;
                foreach (var value in q.AsSpan(s * actions, actions))
                    best = Math.Max(best, value);
                v[s] = best;
            }
            if (change <= tolerance)
                return (new QTablePolicy(states, actions, q.Select(x => (float)x).ToArray(), env.ObservationSpace.Start, env.ActionSpace.Start), sweep);
            if (sweep >= 1_000_000)
                throw new InvalidOperationException($"Value iteration on {env.Id} did not converge within {sweep} sweeps (last change {change}).");
        }
    }
}
