using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class LaneKeepingTests
{
    private const int Left = LaneKeeping.SteerLeft, Straight = LaneKeeping.Straight, Right = LaneKeeping.SteerRight;

    [TestMethod]
    public void SpacesHoldThreeSensorsOrAlsoThePose()
    {
        var env = new LaneKeeping();
        Assert.AreEqual("Box(0, 20, (3,))", env.ObservationSpace.ToString());
        Assert.AreEqual("Discrete(3)", env.ActionSpace.ToString());
        var pose = (BoxSpace)new LaneKeeping(new LaneKeeping.Options { IncludePose = true }).ObservationSpace;
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, -5f, -MathF.PI }, pose.Low.ToArray());
        CollectionAssert.AreEqual(new[] { 20f, 20f, 20f, 5f, MathF.PI }, pose.High.ToArray());
    }

    [TestMethod]
    public void RewardFollowsTheFormulaForConstructedStates()
    {
        var env = new LaneKeeping();
        env.Reset(seed: 0);

        // Heading 0 on a straight road keeps x: reward = 2·(1 − |x|/4) + 0.5.
        env.SetPose(2, 0);
        Assert.AreEqual(1.5, env.Step(Straight).Reward, 1e-12);
        env.SetPose(-3, 0);
        Assert.AreEqual(1.0, env.Step(Straight).Reward, 1e-12);
        env.SetPose(4, 0);
        Assert.AreEqual(0.5, env.Step(Straight).Reward, 1e-12, "On the edge (|x| = 4, not above) is no crash.");

        // Steering right from straight: heading 0.15, x = sin 0.15 after one unit, and the change costs 0.1.
        env.SetPose(0, 0);
        var step = env.Step(Right);
        Assert.AreEqual(0.15, env.Heading, 1e-12);
        Assert.AreEqual(Math.Sin(0.15), env.LateralPosition, 1e-12);
        Assert.AreEqual(2 * (1 - Math.Sin(0.15) / 4) + 0.5 - 0.1, step.Reward, 1e-12);

        // Steering right again is no change; going straight after it is.
        step = env.Step(Right);
        var x = Math.Sin(0.15) + Math.Sin(0.3);
        Assert.AreEqual(x, env.LateralPosition, 1e-12);
        Assert.AreEqual(2 * (1 - x / 4) + 0.5, step.Reward, 1e-12);
        step = env.Step(Straight);
        x += Math.Sin(0.3);
        Assert.AreEqual(2 * (1 - x / 4) + 0.5 - 0.1, step.Reward, 1e-12);
        step = env.Step(Left);
        x += Math.Sin(0.15);
        Assert.AreEqual(2 * (1 - x / 4) + 0.5 - 0.1, step.Reward, 1e-12);
    }

    [TestMethod]
    public void CrashTerminatesWithMinusOneHundred()
    {
        var env = new LaneKeeping(new LaneKeeping.Options { IncludePose = true });
        env.Reset(seed: 0);
        env.SetPose(3.9, 0.5);
        var step = env.Step(Straight);
        Assert.AreEqual(-100.0, step.Reward);
        Assert.IsTrue(step.Terminated);
        Assert.IsFalse(step.Truncated);
        Assert.AreEqual(3.9 + Math.Sin(0.5), step.Observation[3], 1e-6);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f }, step.Observation[..3], "Off the road every sensor reads 0.");
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(Straight));

        env.Reset(seed: 1);
        env.SetPose(-3.5, -0.4);
        Assert.AreEqual(-100.0, env.Step(Left).Reward, "Leaving by the left edge crashes too.");
    }

    [TestMethod]
    public void SensorsAreSymmetricWhenCentredOnAStraightRoad()
    {
        var env = new LaneKeeping(new LaneKeeping.Options { StartLateralSpread = 0 });
        var observation = env.Reset(seed: 5);
        // A 45° ray from the centre meets an edge 4 away after 4·√2.
        Assert.AreEqual(observation[0], observation[2]);
        Assert.AreEqual(4 * Math.Sqrt(2), observation[0], 1e-5);
        Assert.AreEqual(20f, observation[1], "Straight ahead never meets an edge.");

        env.SetPose(1, 0);
        var (left, centre, right) = env.Sensors;
        Assert.AreEqual(5 * Math.Sqrt(2), left, 1e-7);
        Assert.AreEqual(3 * Math.Sqrt(2), right, 1e-7);
        Assert.AreEqual(20, centre);
    }

    [TestMethod]
    public void SensorsMatchRayCircleGeometryInsideASharpTurn()
    {
        // Episodes whose road is a constant-radius bend for the next 12 units, turning right and left.
        var checkedDirections = new HashSet<double>();
        for (var seed = 0; seed < 500 && checkedDirections.Count < 2; seed++)
        {
            var env = new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.SharpTurns });
            env.Reset(seed);
            var kappa = env.CurvatureAt(0);
            if (kappa == 0 || Enumerable.Range(0, 49).Any(i => env.CurvatureAt(i * 0.25) != kappa))
                continue;
            env.SetPose(0, 0);
            var (left, centre, right) = env.Sensors;
            var outer = kappa > 0 ? left : right;
            Assert.AreEqual(RayToEdge(kappa, 0), centre, 1e-6, $"Centre sensor, curvature {kappa}.");
            Assert.AreEqual(RayToEdge(kappa, kappa > 0 ? -Math.PI / 4 : Math.PI / 4), outer, 1e-6, $"Outer sensor, curvature {kappa}.");
            Assert.IsLessThan(20, centre, "The centre sensor sees the bend.");
            checkedDirections.Add(Math.Sign(kappa));
        }
        Assert.HasCount(2, checkedDirections, "No seed in 500 starts inside both a right and a left turn.");
    }

    [TestMethod]
    public void AlwaysStraightSurvivesAStraightRoad()
    {
        foreach (var seed in new[] { 0, 1, 2, 3 })
        {
            var env = new LaneKeeping();
            env.Reset(seed);
            var x = env.LateralPosition;
            Assert.IsTrue(Math.Abs(x) <= 0.5);
            var total = 0.0;
            for (var i = 1; i <= 100; i++)
            {
                var step = env.Step(Straight);
                Assert.IsFalse(step.Terminated, $"Crashed at step {i}.");
                Assert.AreEqual(i == 100, step.Truncated, $"Step {i}.");
                total += step.Reward;
            }
            Assert.AreEqual(100 * (2 * (1 - Math.Abs(x) / 4) + 0.5), total, 1e-9);
            Assert.AreEqual(100, env.Distance, 1e-9);
        }
    }

    [TestMethod]
    [DataRow(LaneKeepingRoadProfile.GentleCurves)]
    [DataRow(LaneKeepingRoadProfile.SharpTurns)]
    [DataRow(LaneKeepingRoadProfile.ComplexTrack)]
    public void CurvedPhasesCrashAStraightCarButASensorBalancingCarSurvives(LaneKeepingRoadProfile phase)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.IsTrue(Drive(phase, seed, _ => Straight).Crashed, $"Driving straight on {phase} (seed {seed}) should leave the road.");
            // More room on the right than the left (car left of centre, or heading left): steer right.
            var (crashed, total) = Drive(phase, seed, o => o[2] - o[0] > 0.3 ? Right : o[2] - o[0] < -0.3 ? Left : Straight);
            Assert.IsFalse(crashed, $"The balancing car crashed on {phase} (seed {seed}).");
            Assert.IsGreaterThan(200, total);
        }
    }

    [TestMethod]
    public void PhasesDifferInCurvature()
    {
        var profiles = new Dictionary<LaneKeepingRoadProfile, double[]>();
        foreach (var phase in Enum.GetValues<LaneKeepingRoadProfile>())
        {
            var env = new LaneKeeping(new LaneKeeping.Options { Phase = phase });
            env.Reset(seed: 8);
            profiles[phase] = Enumerable.Range(0, 800).Select(i => Math.Abs(env.CurvatureAt(i * 0.25))).ToArray();
        }
        Assert.AreEqual(0, profiles[LaneKeepingRoadProfile.Straight].Max());
        Assert.AreEqual(1.0 / 40, profiles[LaneKeepingRoadProfile.GentleCurves].Max(), 1e-4, "Gentle curves have radius ≥ 40.");
        Assert.AreEqual(0.1, profiles[LaneKeepingRoadProfile.SharpTurns].Max(), "Sharp turns have radius 10.");
        Assert.AreEqual(0.5, profiles[LaneKeepingRoadProfile.SharpTurns].Count(k => k == 0) / 800.0, 0.05, "Half of a sharp track is straight.");
        var complex = profiles[LaneKeepingRoadProfile.ComplexTrack];
        Assert.IsGreaterThan(1.0 / 40, complex.Max());
        Assert.IsLessThanOrEqualTo(0.11, complex.Max());
        Assert.IsGreaterThan(0.02, complex.Average(), "A complex track keeps bending.");
        Assert.IsGreaterThan(profiles[LaneKeepingRoadProfile.GentleCurves].Average(), complex.Average());
        var phases = profiles.Keys.ToArray();
        for (var i = 0; i < phases.Length; i++)
        {
            for (var j = i + 1; j < phases.Length; j++)
                Assert.IsFalse(profiles[phases[i]].SequenceEqual(profiles[phases[j]]), $"{phases[i]} and {phases[j]} have the same road.");
        }
    }

    [TestMethod]
    public void SeedShiftsAndMirrorsTheRoad()
    {
        double[] Profile(int seed)
        {
            var env = new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.GentleCurves });
            env.Reset(seed);
            return Enumerable.Range(0, 100).Select(i => env.CurvatureAt(i)).ToArray();
        }
        CollectionAssert.AreEqual(Profile(3), Profile(3));
        Assert.IsGreaterThan(15, Enumerable.Range(0, 20).Select(s => Profile(s)[0]).Distinct().Count(), "Offsets vary with the seed.");
    }

    [TestMethod]
    public void PhaseChangesTakeEffectAtTheNextResetNeverMidEpisode()
    {
        var env = new LaneKeeping();
        env.Phase = LaneKeepingRoadProfile.GentleCurves;
        env.Reset(seed: 0);
        var gentle = Enumerable.Range(0, 80).Select(s => env.CurvatureAt(s)).ToArray();
        Assert.IsTrue(gentle.Any(k => k != 0));

        // Set mid-episode (e.g. after an outer time limit cut it): the running road is unchanged.
        env.Phase = LaneKeepingRoadProfile.SharpTurns;
        Assert.AreEqual(LaneKeepingRoadProfile.SharpTurns, env.Phase);
        Assert.AreEqual(LaneKeepingRoadProfile.GentleCurves, env.EpisodePhase);
        CollectionAssert.AreEqual(gentle, Enumerable.Range(0, 80).Select(s => env.CurvatureAt(s)).ToArray());

        env.Reset(seed: 0);
        Assert.AreEqual(LaneKeepingRoadProfile.SharpTurns, env.EpisodePhase);
        var kappas = Enumerable.Range(0, 64).Select(s => Math.Abs(env.CurvatureAt(s))).Distinct().Order().ToArray();
        CollectionAssert.AreEqual(new[] { 0.0, 0.1 }, kappas);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Phase = (LaneKeepingRoadProfile)42);
    }

    [TestMethod]
    public void CatalogRegistersWithoutASecondTimeLimit()
    {
        var env = new MLContext(seed: 0).Synaptic().Environments.LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.ComplexTrack });
        Assert.IsInstanceOfType<LaneKeeping>(env);
        Assert.AreEqual(new EnvSpec("LaneKeeping-v0", null, null), env.Spec);
        Assert.AreEqual(LaneKeepingRoadProfile.ComplexTrack, ((LaneKeeping)env).Phase);
    }

    [TestMethod]
    public void RenderDrawsRoadAndCar()
    {
        var env = new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.GentleCurves, StartLateralSpread = 0 });
        env.Reset(seed: 0);
        var frame = env.Render();
        Assert.AreEqual((240, 320), (frame.Width, frame.Height));
        var car = GridWorldTests.Pixel(frame, 120, 260);
        Assert.IsTrue(car.R > 180 && car.G < 80, $"The car at the bottom centre is {car}, not red.");
        var grass = GridWorldTests.Pixel(frame, 5, 300);
        Assert.IsTrue(grass.G > grass.R + 40, $"Far left of the road is {grass}, not grass.");
    }

    [TestMethod]
    public void BadOptionsAndPosesAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LaneKeeping(new LaneKeeping.Options { Length = 0 }));
        Assert.Contains("Length", e.Message);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LaneKeeping(new LaneKeeping.Options { SensorRange = -1 }));
        var env = new LaneKeeping();
        Assert.ThrowsExactly<InvalidOperationException>(() => env.SetPose(0, 0));
        env.Reset(seed: 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.SetPose(4.5, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.SetPose(0, double.NaN));
    }

    private static (bool Crashed, double Return) Drive(LaneKeepingRoadProfile phase, int seed, Func<float[], int> policy)
    {
        var env = new LaneKeeping(new LaneKeeping.Options { Phase = phase });
        var observation = env.Reset(seed);
        var total = 0.0;
        for (var i = 0; i < 100; i++)
        {
            var step = env.Step(policy(observation));
            total += step.Reward;
            observation = step.Observation;
            if (step.Terminated)
                return (true, total);
        }
        return (false, total);
    }

    // First edge a ray from the centre line at angle a (clockwise from the road's direction) meets,
    // on a bend of curvature κ: edges are circles of radius R ∓ 4 about the centre of curvature.
    private static double RayToEdge(double kappa, double angle)
    {
        var radius = 1 / Math.Abs(kappa);
        double cx = Math.Sign(kappa) * radius, dx = Math.Sin(angle), dy = Math.Cos(angle);
        var best = 20.0;
        foreach (var rho in new[] { radius - 4, radius + 4 })
        {
            var b = dx * cx;
            var disc = b * b - cx * cx + rho * rho;
            if (disc < 0)
                continue;
            foreach (var t in new[] { b - Math.Sqrt(disc), b + Math.Sqrt(disc) })
            {
                if (t > 1e-9)
                    best = Math.Min(best, t);
            }
        }
        return best;
    }
}
