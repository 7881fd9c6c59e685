using System.Diagnostics;
using Microsoft.ML;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.OffPolicy;

[TestClass]
public sealed class ScratchDqnSpeed
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Speed()
    {
        var ml = new MLContext(seed: 0);
        var options = DqnPresets.CartPole();
        options.Seed = 1;
        options.TotalTimesteps = 10_000;
        var obsOnly = ml.Data.LoadFromEnumerable(new[] { new Row() });
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var policy = ml.Synaptic().Trainers.Dqn(options).Fit(obsOnly);
        var h = policy.TrainingHistory!;
        TestContext.WriteLine($"fit {watch.Elapsed.TotalSeconds:F2} s, cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2}, train clock {h.Series(MetricKeys.Seconds).Values[^1]:F2}");

        // Pieces of a gradient step, by hand.
        torch.set_num_threads(1);
        var arch = new QNetworkArchitecture(options.Network, 4, 2, false);
        using var net = arch.Build(1);
        using var target = arch.Build(2);
        var opt = optim.Adam(net.parameters(), lr: 1e-3);
        var x = torch.randn(64, 4);
        var a = torch.randint(0, 2, [64], ScalarType.Int64);
        var r = torch.ones(64);
        void Time(string name, Action body, int n = 500)
        {
            for (var i = 0; i < 20; i++) body();
            var w = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) body();
            TestContext.WriteLine($"{name}: {w.Elapsed.TotalMilliseconds * 1000 / n:F1} µs");
        }
        Time("forward", () => { using var s = NewDisposeScope(); using var g = no_grad(); net.forward(x); });
        Time("forward+backward", () => { using var s = NewDisposeScope(); var q = net.forward(x).gather(1, a.unsqueeze(1)).squeeze(1); nn.functional.smooth_l1_loss(q, r).backward(); });
        Time("zero+adam", () => { opt.zero_grad(); opt.step(); });
        Time("clip", () => { nn.utils.clip_grad_norm_(net.parameters(), 10); });
        Time("copy tensors", () => { using var s = NewDisposeScope(); Synaptic.ML.Torch.Tensors.Copy(new float[256], 64, 4); Synaptic.ML.Torch.Tensors.Copy(new float[256], 64, 4); torch.tensor(new long[64], dtype: ScalarType.Int64); Synaptic.ML.Torch.Tensors.Copy(new float[64], 64); Synaptic.ML.Torch.Tensors.Copy(new float[64], 64); });
        Time("act forward 1", () => { using var s = NewDisposeScope(); using var g = no_grad(); net.forward(Synaptic.ML.Torch.Tensors.Copy(new float[4], 1, 4)).data<float>().ToArray(); });
        Time("mm 64x256x256", () => { using var s = NewDisposeScope(); var m = torch.randn(64, 256); var w2 = torch.randn(256, 256); for (var i = 0; i < 10; i++) m.mm(w2); }, 100);
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(4)]
        public float[] Observation { get; set; } = new float[4];
    }
}
