using Synaptic.ML.Torch;
using Synaptic.ML.Trainers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Torch;

/// <summary>
/// <see cref="AdamOptimizer"/> — TorchSharp's <c>torch.optim.Adam</c> with the learning rate set per step and its
/// state in checkpoints — with the trainers' settings (β 0.9 / 0.999, ε 1e-5, gradient norm clipped to 0.5) on the
/// PPO CartPole actor-critic (actor 4→64→64→2, critic 4→64→64→1, tanh), fed the same gradients.
/// </summary>
[TestClass]
public sealed class AdamOptimizerTests
{
    private const double LearningRate = 1e-3;
    private const double Epsilon = 1e-5;
    private const double MaxGradientNorm = 0.5;
    private const int Steps = 200;

    [TestMethod]
    public void ItIsTorchSharpsAdamAndAsAccurateAsDoublePrecisionAllows()
    {
        TorchRuntime.EnsureAvailable();
        var ours = Run(new OurAdam(), Steps);
        CollectionAssert.AreEqual(Run(new TorchSharpAdam(), Steps), ours, "The trainers' optimiser is torch.optim.Adam, bit for bit.");

        // Against the same 200 steps in double precision: off by the float32 rounding of the parameters only
        // (measured: at most 3.8e-7, on average 2.1e-8).
        var exact = Run(new OurAdam(), Steps, ScalarType.Float64);
        Assert.IsLessThan(1e-6, ours.Zip(exact).Max(p => Math.Abs(p.First - p.Second)));
        Assert.IsLessThan(5e-8, ours.Zip(exact).Average(p => Math.Abs(p.First - p.Second)));
    }

    [TestMethod]
    public void TheLearningRateOfEachStepIsTheOneGiven()
    {
        TorchRuntime.EnsureAvailable();
        // One parameter, three steps with different learning rates and gradients, against Adam by hand
        // (Kingma and Ba, 2015, with PyTorch's placement of ε): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
        // p ← p − lr·(m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε).
        using var parameter = new Parameter(tensor(new[] { 1.0 }));
        using var adam = new AdamOptimizer([parameter], epsilon: Epsilon);
        double[] gradients = [0.5, -0.2, 0.1];
        double[] rates = [0.1, 0.05, 0.2];
        double p = 1, m = 0, v = 0;
        for (var t = 1; t <= 3; t++)
        {
            adam.ZeroGrad();
            (parameter * gradients[t - 1]).sum().backward();
            adam.Step(rates[t - 1]);
            m = 0.9 * m + 0.1 * gradients[t - 1];
            v = 0.999 * v + 0.001 * gradients[t - 1] * gradients[t - 1];
            p -= rates[t - 1] * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + Epsilon);
            Assert.AreEqual(p, parameter.item<double>(), 1e-12, $"Step {t}.");
        }
    }

    [TestMethod]
    public void ItResumesBitIdenticallyFromAStreamCheckpoint()
    {
        TorchRuntime.EnsureAvailable();
        // The step count and both moments go through Write/Read (save_state_dict/load_state_dict): a run stopped
        // after 100 steps and resumed from the stream ends exactly where the uninterrupted run does.
        CollectionAssert.AreEqual(Run(new OurAdam(), Steps), RunResumed(() => new OurAdam(), Steps, Steps / 2));
    }

    /// <summary>The parameters, flattened, after <paramref name="steps"/> steps from the seeded initialisation.</summary>
    private static double[] Run(IAdam adam, int steps, ScalarType dtype = ScalarType.Float32)
    {
        using var threads = new OneTorchThread();
        using var network = new ActorCritic(dtype);
        adam.Attach(network.Parameters);
        try
        {
            for (var t = 0; t < steps; t++)
                Step(adam, network.Parameters, t);
            return network.Flatten();
        }
        finally
        {
            adam.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="at"/> steps, then the network and the optimiser state through a stream into a differently
    /// initialised network and a new optimiser, then the remaining steps.
    /// </summary>
    private static double[] RunResumed(Func<IAdam> create, int steps, int at)
    {
        using var threads = new OneTorchThread();
        using var checkpoint = new MemoryStream();
        using (var network = new ActorCritic(ScalarType.Float32))
        {
            using var adam = create();
            adam.Attach(network.Parameters);
            for (var t = 0; t < at; t++)
                Step(adam, network.Parameters, t);
            using var writer = new BinaryWriter(checkpoint, System.Text.Encoding.UTF8, leaveOpen: true);
            network.Save(writer);
            adam.Save(writer);
        }
        checkpoint.Position = 0;
        using var resumed = new ActorCritic(ScalarType.Float32, seed: 99);
        using var resumedAdam = create();
        resumedAdam.Attach(resumed.Parameters);
        using (var reader = new BinaryReader(checkpoint, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            resumed.Load(reader);
            resumedAdam.Load(reader);
        }
        for (var t = at; t < steps; t++)
            Step(resumedAdam, resumed.Parameters, t);
        return resumed.Flatten();
    }

    /// <summary>Zero the gradients, backpropagate to the gradients of step <paramref name="t"/>, clip, step.</summary>
    private static void Step(IAdam adam, IReadOnlyList<Parameter> parameters, int t)
    {
        using var scope = NewDisposeScope();
        adam.ZeroGrad();
        for (var i = 0; i < parameters.Count; i++)
        {
            // d/dp Σ p ⊙ G = G exactly, so every optimiser sees bit-identical gradients.
            var g = Gradient(parameters[i], t, i);
            (parameters[i] * g).sum().backward();
        }
        nn.utils.clip_grad_norm_(parameters, MaxGradientNorm);
        adam.Step();
    }

    /// <summary>
    /// Uniform values scaled so that the global norm is about 0.28, 0.55 or 0.83 in turn: clipping to 0.5 acts on
    /// two steps of three.
    /// </summary>
    private static Tensor Gradient(Parameter parameter, int t, int index)
    {
        var random = new Random(1_000 * t + index);
        var values = new float[parameter.numel()];
        var scale = 0.005 * (1 + t % 3);
        for (var k = 0; k < values.Length; k++)
            values[k] = (float)(scale * (2 * random.NextDouble() - 1));
        using var source = tensor(values);
        return source.to_type(parameter.dtype).view(parameter.shape);
    }

    /// <summary>One TorchSharp thread while it lives: the tensors are tiny, and the machine is shared.</summary>
    private sealed class OneTorchThread : IDisposable
    {
        private readonly int _before = get_num_threads();

        public OneTorchThread() => set_num_threads(1);

        public void Dispose() => set_num_threads(_before);
    }

    private interface IAdam : IDisposable
    {
        void Attach(IReadOnlyList<Parameter> parameters);

        void ZeroGrad();

        void Step();

        void Save(BinaryWriter writer);

        void Load(BinaryReader reader);
    }

    private sealed class OurAdam : IAdam
    {
        private AdamOptimizer? _adam;

        public void Attach(IReadOnlyList<Parameter> parameters) => _adam = new AdamOptimizer(parameters, epsilon: Epsilon);

        public void ZeroGrad() => _adam!.ZeroGrad();

        public void Step() => _adam!.Step(LearningRate);

        public void Save(BinaryWriter writer) => _adam!.Write(writer);

        public void Load(BinaryReader reader) => _adam!.Read(reader);

        public void Dispose() => _adam?.Dispose();
    }

    private sealed class TorchSharpAdam : IAdam
    {
        private Adam? _adam;

        public void Attach(IReadOnlyList<Parameter> parameters) =>
            _adam = optim.Adam(parameters, lr: LearningRate, beta1: 0.9, beta2: 0.999, eps: Epsilon);

        public void ZeroGrad() => _adam!.zero_grad();

        public void Step() => _adam!.step();

        public void Save(BinaryWriter writer) => _adam!.save_state_dict(writer);

        public void Load(BinaryReader reader) => _adam!.load_state_dict(reader);

        public void Dispose() => _adam?.Dispose();
    }

    /// <summary>The PPO CartPole MLP actor-critic: separate tanh networks 4→64→64→2 and 4→64→64→1.</summary>
    private sealed class ActorCritic : IDisposable
    {
        private readonly Sequential _actor;
        private readonly Sequential _critic;

        public ActorCritic(ScalarType dtype, long seed = 1)
        {
            manual_seed(seed);
            _actor = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2));
            _critic = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1));
            _actor.to(dtype);
            _critic.to(dtype);
            Parameters = [.. _actor.parameters(), .. _critic.parameters()];
        }

        public IReadOnlyList<Parameter> Parameters { get; }

        public double[] Flatten()
        {
            using var scope = NewDisposeScope();
            return [.. Parameters.SelectMany(p => p.detach().to_type(ScalarType.Float64).data<double>().ToArray())];
        }

        public void Save(BinaryWriter writer)
        {
            _actor.save(writer);
            _critic.save(writer);
        }

        public void Load(BinaryReader reader)
        {
            _actor.load(reader);
            _critic.load(reader);
        }

        public void Dispose()
        {
            _actor.Dispose();
            _critic.Dispose();
        }
    }
}
