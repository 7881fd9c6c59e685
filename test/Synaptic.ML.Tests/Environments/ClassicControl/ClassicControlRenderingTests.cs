using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

/// <summary>Frames have Gymnasium's sizes and show the state where Gymnasium's geometry puts it.</summary>
[TestClass]
public sealed class ClassicControlRenderingTests
{
    private static readonly (byte R, byte G, byte B) White = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Black = (0, 0, 0);

    public static IEnumerable<object[]> TwoStates =>
    [
        ["CartPole-v1", 600, 400, new[] { 0.0, 0, 0, 0 }, new[] { 1.0, 0, 0.2, 0 }],
        ["MountainCar-v0", 600, 400, new[] { -0.5, 0.0 }, new[] { 0.3, 0.0 }],
        ["MountainCarContinuous-v0", 600, 400, new[] { -0.5, 0.0 }, new[] { -1.0, 0.0 }],
        ["Pendulum-v1", 500, 500, new[] { 0.0, 0.0 }, new[] { 2.0, 0.0 }],
        ["Acrobot-v1", 500, 500, new[] { 0.0, 0, 0, 0 }, new[] { 1.0, -1.0, 0, 0 }],
    ];

    [TestMethod]
    [DynamicData(nameof(TwoStates))]
    public void FramesHaveGymnasiumsSizeAndFollowTheState(string id, int width, int height, double[] first, double[] second)
    {
        var env = ClassicControlTestEnvs.Create(id);
        env.Reset(seed: 0);

        env.State = first;
        var a = env.Render();
        env.State = second;
        var b = env.Render();

        Assert.AreEqual(width, a.Width);
        Assert.AreEqual(height, a.Height);
        Assert.HasCount(width * height * 3, a.Rgb);
        Assert.AreEqual(White, Pixel(a, 0, 0), "background");
        CollectionAssert.AreNotEqual(a.Rgb, b.Rgb, $"{id} drew two different states alike.");
        env.State = first;
        CollectionAssert.AreEqual(a.Rgb, env.Render().Rgb, $"{id} drew the same state differently.");
    }

    [TestMethod]
    public void CartPoleDrawsTheCartAtItsPositionAndThePoleAbove()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        env.State = [0, 0, 0, 0];
        var centred = env.Render();
        env.State = [1, 0, 0, 0];
        var moved = env.Render();

        // 125 pixels per metre, cart centre 100 px above the bottom (row 300), the pole above its axle.
        Assert.AreEqual(Black, Pixel(centred, 300 - 20, 290));
        Assert.AreEqual(((byte)202, (byte)152, (byte)101), Pixel(centred, 300, 200));
        Assert.AreEqual(White, Pixel(moved, 300 - 20, 290));
        Assert.AreEqual(Black, Pixel(moved, 425 - 20, 290));
    }

    [TestMethod]
    public void MountainCarDrawsTheCarInTheValleyAndTheFlagAtTheGoal()
    {
        var env = new MountainCar();
        env.Reset(seed: 0);
        env.State = [-Math.PI / 6, 0]; // the bottom of the valley, where the car is level
        var frame = env.Render();

        // x = (position + 1.2)·600/1.8; the car body spans 10 + 0.1·scale + [0, 20] pixels up.
        Assert.AreEqual(Black, Pixel(frame, (int)((1.2 - Math.PI / 6) * 600 / 1.8), 400 - 58));
        Assert.AreEqual(((byte)204, (byte)204, (byte)0), Pixel(frame, 570, 400 - 377));
    }

    [TestMethod]
    public void PendulumDrawsTheRodFromTheAxleAtItsAngle()
    {
        var env = new Pendulum();
        env.Reset(seed: 0);
        (byte, byte, byte) rod = (204, 77, 77);
        env.State = [0, 0];
        var upright = env.Render();
        env.State = [Math.PI, 0];
        var hanging = env.Render();

        // 500/4.4 pixels per metre around the centre; θ = 0 points up.
        Assert.AreEqual(rod, Pixel(upright, 250, 250 - 80));
        Assert.AreEqual(White, Pixel(upright, 250, 250 + 80));
        Assert.AreEqual(rod, Pixel(hanging, 250, 250 + 80));
        Assert.AreEqual(Black, Pixel(hanging, 250, 250), "the axle");
    }

    [TestMethod]
    public void PendulumShowsTheLastTorque()
    {
        var env = new Pendulum();
        env.Reset(seed: 0);
        env.State = [0, 0];
        var noTorque = env.Render();
        env.Step([1.5f]);
        env.State = [0, 0];
        var counterClockwise = env.Render();
        env.Step([-1.5f]);
        env.State = [0, 0];
        var clockwise = env.Render();

        CollectionAssert.AreNotEqual(noTorque.Rgb, counterClockwise.Rgb);
        CollectionAssert.AreNotEqual(counterClockwise.Rgb, clockwise.Rgb);
    }

    [TestMethod]
    public void AcrobotHangsBelowTheTargetLine()
    {
        var env = new Acrobot();
        env.Reset(seed: 0);
        env.State = [0, 0, 0, 0];
        var frame = env.Render();
        (byte, byte, byte) link = (0, 204, 204);

        Assert.AreEqual(link, Pixel(frame, 250, 250 + 60), "first link");
        Assert.AreEqual(link, Pixel(frame, 250, 250 + 170), "second link");
        Assert.AreNotEqual(White, Pixel(frame, 100, 250 - 114), "target line one link length above the pivot");
        Assert.AreEqual(White, Pixel(frame, 250, 250 - 60));
    }

    private static (byte R, byte G, byte B) Pixel(Frame frame, int x, int row)
    {
        var i = (row * frame.Width + x) * 3;
        return (frame.Rgb[i], frame.Rgb[i + 1], frame.Rgb[i + 2]);
    }
}
