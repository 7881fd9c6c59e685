using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>
/// Checks that an environment keeps the <see cref="Env"/> contract, as Gymnasium's
/// <c>check_env</c>, and tells its author exactly what is wrong: spaces are set and sane; actions
/// sampled from the action space are in it; <c>Reset</c> returns an observation in the observation
/// space and is deterministic under a seed (also when continuing with <c>Reset()</c>); stepping is
/// deterministic under a seed and the same actions; every step returns an observation in the space
/// (all elements written), a finite reward and an info dictionary, for many random steps; a step
/// after the episode ended is refused; <c>Render</c> works or says it is not supported, with frames
/// of one size.
/// </summary>
/// <example>
/// <code>
/// EnvChecker.Check(new MyEnv());          // throws EnvCheckException listing every problem
/// var report = EnvChecker.Inspect(env);   // or look at the report yourself
/// </code>
/// </example>
public static class EnvChecker
{
    private const int DeterminismSteps = 25;

    /// <summary>Checks <paramref name="env"/> and throws when it breaks the contract.</summary>
    /// <param name="env">The environment; it is reset and stepped.</param>
    /// <param name="seed">Seed of the resets and of the sampled actions.</param>
    /// <param name="steps">Random steps of the long run, positive.</param>
    /// <returns>The report, whose warnings may still deserve attention.</returns>
    /// <exception cref="EnvCheckException">A problem was found; the message lists them all.</exception>
    public static EnvCheckReport Check(Env env, int seed = 0, int steps = 1000)
    {
        var report = Inspect(env, seed, steps);
        return report.Passed ? report : throw new EnvCheckException(report);
    }

    /// <summary>Checks <paramref name="env"/> and reports what is wrong without throwing for it.</summary>
    /// <param name="env">The environment; it is reset and stepped.</param>
    /// <param name="seed">Seed of the resets and of the sampled actions.</param>
    /// <param name="steps">Random steps of the long run, positive.</param>
    /// <returns>Problems and warnings.</returns>
    public static EnvCheckReport Inspect(Env env, int seed = 0, int steps = 1000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var session = new Session(env, seed);
        session.Run(steps);
        return new EnvCheckReport(env.Id, session.Problems, session.Warnings, session.RendersFrames, session.StepsTaken);
    }

    private sealed class Session(Env env, int seed)
    {
        private readonly HashSet<string> _reported = [];
        private Space _observationSpace = null!;
        private Space _actionSpace = null!;
        private SplitMix64 _actionRandom = SplitMix64.ForStream((ulong)(uint)seed, 0xC4EC);

        public List<string> Problems { get; } = [];

        public List<string> Warnings { get; } = [];

        public bool RendersFrames { get; private set; }

        public int StepsTaken { get; private set; }

        public void Run(int steps)
        {
            if (!CheckSpaces() || !CheckSampling())
                return;
            if (!ReferenceEquals(env.Unwrapped, env))
                Warnings.Add($"{env.Id} is wrapped ({env.GetType().Name}); wrappers such as normalisers can make it look non-deterministic. Check env.Unwrapped for the environment itself.");
            if (!CheckResetDeterminism() || !CheckStepDeterminism())
                return;
            CheckRandomRun(steps);
            CheckRender();
        }

        private bool CheckSpaces()
        {
            var observation = Read(() => env.ObservationSpace, "ObservationSpace");
            var action = Read(() => env.ActionSpace, "ActionSpace");
            if (observation is null || action is null)
                return false;
            _observationSpace = observation;
            _actionSpace = action;
            var ok = true;
            foreach (var (space, role) in new[] { (observation, "observation"), (action, "action") })
            {
                if (space.Size <= 0)
                {
                    Problems.Add($"The {role} space {space} has {space.Size} elements; a value needs at least one.");
                    ok = false;
                }
                else if (space is BoxSpace box)
                {
                    CheckBox(box, role);
                }
            }
            return ok;
        }

        private void CheckBox(BoxSpace box, string role)
        {
            if (box.Shape.Any(d => d <= 0) || box.Shape.Aggregate(1L, (a, d) => a * d) != box.Size)
                Problems.Add($"The {role} space {box} has shape [{string.Join(", ", box.Shape)}], which does not hold its {box.Size} elements.");
            var low = box.Low;
            var high = box.High;
            bool equal = false, lowInfinite = false, highInfinite = false, unnormalised = false;
            for (var i = 0; i < box.Size; i++)
            {
                equal |= low[i] == high[i];
                lowInfinite |= float.IsNegativeInfinity(low[i]);
                highInfinite |= float.IsPositiveInfinity(high[i]);
                unnormalised |= (low[i] != 0 && Math.Abs(low[i]) != Math.Abs(high[i])) || low[i] < -1 || high[i] > 1;
            }
            if (equal)
                Warnings.Add($"A Box {role} space has an element whose low and high bounds are equal: {box}.");
            if (lowInfinite)
                Warnings.Add($"A Box {role} space minimum is -infinity, which is probably too low: {box}.");
            if (highInfinite)
                Warnings.Add($"A Box {role} space maximum is infinity, which is probably too high: {box}.");
            if (role == "action" && box.Shape.Length == 1 && unnormalised)
                Warnings.Add($"Box action spaces are best symmetric and normalised ([-1, 1] or [0, 1]); {box} is not (see RescaleAction).");
        }

        private bool CheckSampling()
        {
            var action = new float[_actionSpace.Size];
            var random = _actionRandom;
            for (var k = 0; k < 20; k++)
            {
                try
                {
                    _actionSpace.Sample(action, ref random);
                }
                catch (Exception e)
                {
                    Problems.Add($"Sampling the action space {_actionSpace} threw {e.GetType().Name}: {e.Message}");
                    return false;
                }
                if (!_actionSpace.Contains(action))
                {
                    Problems.Add($"The action space {_actionSpace} sampled [{string.Join(", ", action)}], which it does not contain.");
                    return false;
                }
            }
            return true;
        }

        private bool CheckResetDeterminism()
        {
            var first = Reset(seed, $"Reset(seed: {seed})");
            var continued = Reset(null, $"Reset() after Reset(seed: {seed})");
            var again = Reset(seed, $"a second Reset(seed: {seed})");
            var continuedAgain = Reset(null, $"a second Reset() after Reset(seed: {seed})");
            if (first is null || continued is null || again is null || continuedAgain is null)
                return false;
            if (!first.AsSpan().SequenceEqual(again))
                Problems.Add($"Reset(seed: {seed}) is not deterministic: it returned [{string.Join(", ", first)}], then [{string.Join(", ", again)}]. Draw all randomness from the Random generator that Reset seeds.");
            if (!continued.AsSpan().SequenceEqual(continuedAgain))
                Problems.Add($"Reset() after Reset(seed: {seed}) is not deterministic: it returned [{string.Join(", ", continued)}], then [{string.Join(", ", continuedAgain)}]. A reset without a seed must continue the seeded generator.");
            return true;
        }

        private bool CheckStepDeterminism()
        {
            var a = Rollout();
            var b = Rollout();
            if (a is null || b is null)
                return false;
            for (var t = 0; t < Math.Min(a.Count, b.Count); t++)
            {
                var (x, y) = (a[t], b[t]);
                var what = !x.Observation.AsSpan().SequenceEqual(y.Observation) ? $"observations [{string.Join(", ", x.Observation)}] and [{string.Join(", ", y.Observation)}]"
                    : !x.Outcome.Reward.Equals(y.Outcome.Reward) ? $"rewards {x.Outcome.Reward} and {y.Outcome.Reward}"
                    : x.Outcome != y.Outcome ? $"outcomes {x.Outcome} and {y.Outcome}"
                    : null;
                if (what is not null)
                {
                    Problems.Add($"Stepping is not deterministic: after Reset(seed: {seed}) and the same actions, step {t + 1} gave {what}. Draw all randomness from the Random generator that Reset seeds.");
                    return true;
                }
            }
            if (a.Count != b.Count)
                Problems.Add($"Stepping is not deterministic: after Reset(seed: {seed}) and the same actions, one episode ended after {Math.Min(a.Count, b.Count)} steps and the other did not.");
            return true;
        }

        private List<(float[] Observation, StepOutcome Outcome)>? Rollout()
        {
            if (Reset(seed, $"Reset(seed: {seed})") is null)
                return null;
            var random = SplitMix64.ForStream((ulong)(uint)seed, 0xDE7);
            var action = new float[_actionSpace.Size];
            var trajectory = new List<(float[], StepOutcome)>();
            for (var t = 0; t < DeterminismSteps; t++)
            {
                _actionSpace.Sample(action, ref random);
                var observation = NewObservation();
                if (Step(action, observation, $"step {t + 1} after Reset(seed: {seed})") is not { } outcome)
                    return null;
                trajectory.Add((observation, outcome));
                if (outcome.Done)
                    break;
            }
            return trajectory;
        }

        private void CheckRandomRun(int steps)
        {
            if (Reset(seed, $"Reset(seed: {seed})") is null)
                return;
            var sizeBefore = _observationSpace.Size;
            var action = new float[_actionSpace.Size];
            var episodeEnded = false;
            for (var t = 1; t <= steps; t++)
            {
                _actionSpace.Sample(action, ref _actionRandom);
                var observation = NewObservation();
                if (Step(action, observation, $"random step {t}") is not { } outcome)
                    return;
                if (!outcome.Done)
                    continue;
                if (!episodeEnded)
                {
                    episodeEnded = true;
                    CheckStepAfterEnd(action);
                }
                if (Reset(null, $"Reset() after random step {t}") is null)
                    return;
            }
            if (env.ObservationSpace.Size != sizeBefore || env.ObservationSpace.ToString() != _observationSpace.ToString())
                Problems.Add($"The observation space changed while stepping, from {_observationSpace} to {env.ObservationSpace}.");
            if (!episodeEnded)
                Warnings.Add($"No episode ended within {steps} random steps, so termination and truncation were not exercised.");
        }

        private void CheckStepAfterEnd(float[] action)
        {
            var refused = false;
            try
            {
                env.Step(action, NewObservation());
            }
            catch (InvalidOperationException)
            {
                refused = true;
            }
            catch (Exception e)
            {
                Problems.Add($"Step after the episode ended threw {e.GetType().Name} rather than InvalidOperationException: {e.Message}");
                return;
            }
            if (!refused)
                Problems.Add("Step was accepted after the episode ended; it must throw InvalidOperationException until Reset.");
        }

        private void CheckRender()
        {
            if (Reset(seed, $"Reset(seed: {seed})") is null)
                return;
            Frame? first;
            try
            {
                first = env.Render();
            }
            catch (NotSupportedException)
            {
                first = null;
            }
            catch (Exception e)
            {
                Problems.Add($"Render threw {e.GetType().Name}: {e.Message} (throw NotSupportedException if the environment does not render).");
                return;
            }
            try
            {
                env.RenderText();
            }
            catch (Exception e)
            {
                Problems.Add($"RenderText threw {e.GetType().Name}: {e.Message} (return null if the environment has no text form).");
            }
            if (first is null)
                return;
            RendersFrames = true;
            var action = new float[_actionSpace.Size];
            _actionSpace.Sample(action, ref _actionRandom);
            if (Step(action, NewObservation(), "the step before the second Render") is null)
                return;
            try
            {
                var second = env.Render();
                if (second is null)
                    Problems.Add("Render returned null; return a frame or throw NotSupportedException.");
                else if (second.Width != first.Width || second.Height != first.Height)
                    Problems.Add($"Render's frames change size, from {first.Width}x{first.Height} to {second.Width}x{second.Height}; videos need one size.");
            }
            catch (Exception e)
            {
                Problems.Add($"Render threw {e.GetType().Name} after a step although it worked after Reset: {e.Message}");
            }
        }

        private float[]? Reset(int? resetSeed, string call)
        {
            var observation = NewObservation();
            try
            {
                env.Reset(observation, resetSeed);
            }
            catch (Exception e)
            {
                Report("reset-throws", $"{call} threw {e.GetType().Name}: {e.Message}");
                return null;
            }
            CheckObservation(observation, call, "OnReset");
            CheckInfo(call);
            return observation;
        }

        private StepOutcome? Step(float[] action, float[] observation, string call)
        {
            StepOutcome outcome;
            try
            {
                outcome = env.Step(action, observation);
            }
            catch (Exception e)
            {
                Report("step-throws", $"Step threw {e.GetType().Name} at {call} with action [{string.Join(", ", action)}]: {e.Message}");
                return null;
            }
            StepsTaken++;
            CheckObservation(observation, call, "OnStep");
            if (!double.IsFinite(outcome.Reward))
                Report("reward", $"Step returned the reward {outcome.Reward} at {call}; rewards must be finite numbers.");
            CheckInfo(call);
            return outcome;
        }

        private void CheckObservation(float[] observation, string call, string method)
        {
            try
            {
                _observationSpace.Validate(observation, $"The observation returned by {call}", env.Id);
            }
            catch (ArgumentOutOfRangeException e)
            {
                var hint = observation.Any(float.IsNaN) ? $" (NaN also marks an element that {method} did not write)" : "";
                var message = e.Message;
                var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
                Report($"observation-{method}", (parameter >= 0 ? message[..parameter] : message).TrimEnd('.') + hint + ".");
            }
        }

        private void CheckInfo(string call)
        {
            var info = env.Info;
            if (info is null)
                Report("info", $"Info is null after {call}; it must be a (possibly empty) dictionary.");
            else if (info.Any(entry => entry.Key is null || entry.Value is null))
                Report("info-null", $"Info after {call} holds a null key or value: {{{string.Join(", ", info.Select(e => $"{e.Key}: {e.Value}"))}}}.");
        }

        // Observations start as NaN so that elements an environment forgets to write show up.
        private float[] NewObservation()
        {
            var observation = new float[_observationSpace.Size];
            Array.Fill(observation, float.NaN);
            return observation;
        }

        private void Report(string kind, string message)
        {
            if (_reported.Add(kind))
                Problems.Add(message);
        }

        private T? Read<T>(Func<T?> read, string name)
            where T : class
        {
            try
            {
                var value = read();
                if (value is null)
                    Problems.Add($"{name} is null; every environment must define its {name}.");
                return value;
            }
            catch (Exception e)
            {
                Problems.Add($"Reading {name} threw {e.GetType().Name}: {e.Message}");
                return null;
            }
        }
    }
}
