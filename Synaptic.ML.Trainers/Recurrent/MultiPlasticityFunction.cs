using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The whole sequence of a <see cref="MultiPlasticityLayer"/> as one autograd node: forward and backpropagation through
/// time run in managed code over contiguous float32 CPU tensors, with no TorchSharp call per step. Op by op, a step is
/// about fifteen TorchSharp calls forward and as many in autograd's backward, and for the small layers the recurrent
/// Q-networks use those calls, not the arithmetic, are the cost.
/// </summary>
/// <remarks>
/// Per sequence, with x̃_t the input (extended by a constant 1 with the bias input) and k_t the keep mask (1 without):
/// M′_t = k_t·M_{t−1}, a_t = b + (W ⊙ (M′_t + 1))·x̃_t, h_t = f(a_t), N_t = λ·M′_t + η·h_t·x̃_tᵀ, M_t = clip(N_t).
/// Forward saves M′_t and h_t of every step; backward walks the steps in reverse with δ = ∂L/∂M_t:
/// δN = δ where N_t is inside the bound (torch.clamp's gradient: the bounds themselves pass), else 0;
/// ∂L/∂λ += Σ δN ⊙ M′; s = δN·x̃; ∂L/∂η += h·s; ∂L/∂a = (∂L/∂h_t + η·s) ⊙ f′(a);
/// ∂L/∂W += ∂L/∂a·((M′ + 1) ⊙ x̃)ᵀ row by row; ∂L/∂b += ∂L/∂a; ∂L/∂x̃ = η·δNᵀh + (W ⊙ (M′ + 1))ᵀ∂L/∂a;
/// ∂L/∂M_{t−1} = k_t·(λ·δN + ∂L/∂a ⊙ W ⊙ x̃ᵀ). λ and η arrive as tensors when they are learned (the layer passes
/// sigmoid(logit), so autograd carries ∂L/∂λ on through the sigmoid) and as numbers when fixed.
/// Sequences are independent and run in parallel on up to torch.get_num_threads() threads; the gradients of the
/// shared parameters are summed from per-sequence parts in sequence order, so results do not depend on the threads.
/// </remarks>
internal sealed class MultiPlasticityFunction : autograd.MultiTensorFunction<MultiPlasticityFunction>
{
    private const string SettingsKey = "settings";
    private const string DecayKey = "decay";
    private const string RateKey = "rate";
    private const string DecayShapeKey = "decay shape";
    private const string RateShapeKey = "rate shape";

    /// <inheritdoc/>
    public override string Name => nameof(MultiPlasticityFunction);

    /// <summary>What the layer fixes: sizes, activation, bound, and λ and η where they are not learned.</summary>
    internal sealed record Settings(int Hidden, int Inputs, int Columns, bool Tanh, float? Bound, float Decay, float Rate);

    /// <summary>Whether the fused path can run these tensors: float32 on the CPU.</summary>
    public static bool Supports(Tensor inputs, Tensor trace, Tensor weight) =>
        inputs.dtype == ScalarType.Float32 && trace.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32 &&
        inputs.device_type == DeviceType.CPU && trace.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU;

    /// <summary>
    /// Runs the layer over x [T, B, I] from M [B, H, C]: through an autograd node when a gradient is wanted, straight
    /// through the forward loop (nothing saved) when not.
    /// </summary>
    public static (Tensor Hidden, Tensor Trace) Run(
        Tensor inputs, Tensor trace, Tensor weight, Tensor bias, Tensor? decay, Tensor? rate, Tensor? keep, Settings settings)
    {
        var wanted = is_grad_enabled() && (inputs.requires_grad || trace.requires_grad || weight.requires_grad || bias.requires_grad ||
            (decay?.requires_grad ?? false) || (rate?.requires_grad ?? false));
        if (wanted)
        {
            var outputs = apply(inputs, trace, weight, bias, decay, rate, keep, settings);
            return (outputs[0], outputs[1]);
        }
        using (no_grad())
        {
            var (hidden, final, saved) = Forward(inputs, trace, weight, bias, Value(decay, settings.Decay), Value(rate, settings.Rate), keep, settings, save: false);
            saved?.Dispose();
            return (hidden, final);
        }
    }

    /// <inheritdoc/>
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var inputs = (Tensor)vars[0];
        var trace = (Tensor)vars[1];
        var weight = (Tensor)vars[2];
        var bias = (Tensor)vars[3];
        var decay = vars[4] as Tensor;
        var rate = vars[5] as Tensor;
        var keep = vars[6] as Tensor;
        var settings = (Settings)vars[7];
        var lambda = Value(decay, settings.Decay);
        var eta = Value(rate, settings.Rate);
        var (hidden, final, saved) = Forward(inputs, trace, weight, bias, lambda, eta, keep, settings, save: true);
        // Inputs and the history only, never an output: a saved output would hold this node through its own grad_fn.
        ctx.save_for_backward([inputs, weight, keep!, saved!]);
        ctx.save_data(SettingsKey, settings);
        ctx.save_data(DecayKey, lambda);
        ctx.save_data(RateKey, eta);
        ctx.save_data(DecayShapeKey, decay?.shape!);
        ctx.save_data(RateShapeKey, rate?.shape!);
        return [hidden, final];
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var saved = ctx.get_saved_variables();
        var settings = (Settings)ctx.get_data(SettingsKey);
        var lambda = (float)ctx.get_data(DecayKey);
        var eta = (float)ctx.get_data(RateKey);
        var (inputs, weight, keep, history) = (saved[0], saved[1], saved[2], saved[3]);
        var (dx, dTrace, dW, db, dLambda, dEta) = Backward(
            inputs, weight, keep, history, grad_outputs[0], grad_outputs[1], lambda, eta, settings);
        foreach (var tensor in saved)
            tensor?.Dispose();
        // One gradient per argument of forward, null where the argument is no tensor or needs none (the keep mask).
        return [dx, dTrace, dW, db, Scalar(dLambda, ctx.get_data(DecayShapeKey)), Scalar(dEta, ctx.get_data(RateShapeKey)), null!, null!];
    }

    private static float Value(Tensor? learned, float fixedValue) => learned is null ? fixedValue : learned.item<float>();

    /// <summary>A gradient for a learned λ or η, shaped as it was (null where the value was a fixed number).</summary>
    private static Tensor Scalar(float gradient, object? shape) =>
        shape is long[] dims ? tensor(new[] { gradient }).reshape(dims) : null!;

    private static (Tensor Hidden, Tensor Final, Tensor? Saved) Forward(
        Tensor inputs, Tensor trace, Tensor weight, Tensor bias, float lambda, float eta, Tensor? keep, Settings settings, bool save)
    {
        var steps = (int)inputs.shape[0];
        var batch = (int)inputs.shape[1];
        var (h, c) = (settings.Hidden, settings.Columns);
        using var x = inputs.contiguous();
        using var m0 = trace.contiguous();
        using var w = weight.contiguous();
        using var b = bias.contiguous();
        using var k = keep?.to_type(ScalarType.Float32).contiguous();
        var hidden = empty([steps, batch, h]);
        var final = empty([batch, h, c]);
        var saved = save ? empty([steps, batch, h * c + h]) : null;
        using var scratch = empty([batch, MultiPlasticitySequenceKernel.ForwardScratch(h, c)]);
        var kernel = new MultiPlasticitySequenceKernel(settings, steps, batch, lambda, eta)
        {
            Inputs = Address(x),
            Trace = Address(m0),
            Weight = Address(w),
            Bias = Address(b),
            Keep = k is null ? 0 : Address(k),
            Hidden = Address(hidden),
            Final = Address(final),
            Saved = saved is null ? 0 : Address(saved),
            Scratch = Address(scratch),
        };
        ForEachSequence(batch, kernel.Forward);
        return (hidden, final, saved);
    }

    private static (Tensor Dx, Tensor DTrace, Tensor DW, Tensor Db, float DLambda, float DEta) Backward(
        Tensor inputs, Tensor weight, Tensor? keep, Tensor history, Tensor gradHidden, Tensor gradTrace, float lambda, float eta, Settings settings)
    {
        var steps = (int)inputs.shape[0];
        var batch = (int)inputs.shape[1];
        var (h, c) = (settings.Hidden, settings.Columns);
        using var x = inputs.contiguous();
        using var w = weight.contiguous();
        using var k = keep?.to_type(ScalarType.Float32).contiguous();
        using var gh = gradHidden.contiguous();
        using var gm = gradTrace.contiguous();
        var dx = empty([steps, batch, settings.Inputs]);
        var dTrace = empty([batch, h, c]);
        // Per sequence: ∂L/∂W, ∂L/∂b, ∂L/∂λ, ∂L/∂η parts, then the running ∂L/∂M, x̃, ∂L/∂x̃, N and ∂L/∂a.
        using var scratch = empty([batch, MultiPlasticitySequenceKernel.BackwardScratch(h, c)]);
        var kernel = new MultiPlasticitySequenceKernel(settings, steps, batch, lambda, eta)
        {
            Inputs = Address(x),
            Weight = Address(w),
            Keep = k is null ? 0 : Address(k),
            Saved = Address(history),
            GradHidden = Address(gh),
            GradFinal = Address(gm),
            GradInputs = Address(dx),
            GradTrace = Address(dTrace),
            Scratch = Address(scratch),
        };
        ForEachSequence(batch, kernel.Backward);
        var dW = empty([h, c]);
        var db = empty([h]);
        var (dLambda, dEta) = kernel.SumParameterGradients(Address(dW), Address(db));
        return (dx, dTrace, dW, db, dLambda, dEta);
    }

    private static nint Address(Tensor tensor) => MultiPlasticitySequenceKernel.Address(tensor);

    private static void ForEachSequence(int batch, Action<int> body)
    {
        var threads = Math.Min(batch, torch.get_num_threads());
        if (threads <= 1)
        {
            for (var b = 0; b < batch; b++)
                body(b);
            return;
        }
        Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
