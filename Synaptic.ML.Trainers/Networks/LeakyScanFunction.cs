using System.Numerics;
using System.Runtime.InteropServices;
using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A layer of <see cref="Leaky"/> neurons (reset by subtraction, one step late — snnTorch's defaults — with a fixed β and
/// θ and the fast-sigmoid surrogate) run over all T steps of its input currents as one autograd node: forward and
/// backpropagation through time are managed loops over contiguous float32 memory, with no TorchSharp call and no
/// surrogate node per step. Stepping <see cref="Leaky"/> costs about ten TorchSharp calls and one custom autograd
/// node per step forward and as many backward; on a layer of 128 × 1,000 neurons those calls, not the arithmetic, are
/// the cost.
/// </summary>
/// <remarks>
/// Forward, per neuron: R_t = [U_{t−1} &gt; θ], U_t = (β·U_{t−1} + I_t) − R_t·θ, S_t = [U_t − θ &gt; 0], from U_{−1} = 0 —
/// the same float operations in the same order as <see cref="Leaky.Step"/>, so the spikes and membranes are the same
/// bits. Backward, with the reset detached (as snnTorch's): ∂L/∂U_t = ∂L/∂U_t|out + ∂L/∂S_t / (k·|U_t − θ| + 1)² +
/// β·∂L/∂U_{t+1}, and ∂L/∂I_t = ∂L/∂U_t. Autograd sums those three terms in an order of its own, so gradients agree
/// with the stepped layer to rounding, not bit for bit.
/// </remarks>
internal sealed class LeakyScanFunction : autograd.MultiTensorFunction<LeakyScanFunction>
{
    private const string SettingsKey = "settings";

    /// <inheritdoc/>
    public override string Name => nameof(LeakyScanFunction);

    /// <summary>β, θ and the surrogate's slope k, as the stepped layer uses them (float32).</summary>
    internal sealed record Settings(float Beta, float Threshold, float Slope);

    /// <summary>The settings of <paramref name="neuron"/> when the scan computes exactly what it does, else null.</summary>
    public static Settings? For(SpikingNeuron neuron) =>
        neuron is Leaky { ResetMechanism: ResetMechanism.Subtract, ResetDelay: true, Surrogate: FastSigmoid surrogate } leaky
        && leaky.Beta.numel() == 1 && !leaky.Beta.requires_grad && leaky.Threshold.numel() == 1 && !leaky.Threshold.requires_grad
            ? new Settings(Math.Clamp(leaky.Beta.item<float>(), 0f, 1f), leaky.Threshold.item<float>(), (float)surrogate.Slope)
            : null;

    /// <summary>Spikes and membranes [T, B, N] of the layer driven by <paramref name="currents"/> [T, B, N], from rest.</summary>
    public static (Tensor Spikes, Tensor Membranes) Run(Tensor currents, Settings settings)
    {
        if (is_grad_enabled() && currents.requires_grad)
        {
            var outputs = apply(currents, settings);
            return (outputs[0], outputs[1]);
        }
        using (no_grad())
            return Forward(currents, settings);
    }

    /// <inheritdoc/>
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var settings = (Settings)vars[1];
        var (spikes, membranes) = Forward((Tensor)vars[0], settings);
        // The membranes are an output; saved as a detached alias so the node does not hold itself through its grad_fn.
        ctx.save_for_backward([membranes.detach()]);
        ctx.save_data(SettingsKey, settings);
        return [spikes, membranes];
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var membranes = ctx.get_saved_variables()[0];
        var s = (Settings)ctx.get_data(SettingsKey);
        using var u = membranes.contiguous();
        // An output nothing used may come back without a gradient (null here): it contributes zero, without a
        // tensor of zeros (the hidden layer's membranes: 12.8 MB a Fashion-MNIST minibatch).
        using var gs = Gradient(grad_outputs, 0, u);
        using var gu = Gradient(grad_outputs, 1, u);
        var steps = (int)u.shape[0];
        var width = (int)(u.numel() / steps);
        var gradCurrents = empty(u.shape);
        var membrane = Span(u);
        var gradSpikes = gs is null ? default : Span(gs);
        var gradMembrane = gu is null ? default : Span(gu);
        var gradInput = Span(gradCurrents);
        var next = new float[width];
        var beta = new Vector<float>(s.Beta);
        var threshold = new Vector<float>(s.Threshold);
        var slope = new Vector<float>(s.Slope);
        for (var t = steps - 1; t >= 0; t--)
        {
            var offset = t * width;
            // The same float operations, in the same order, in the vector lanes as in the scalar tail.
            var nxt = MemoryMarshal.Cast<float, Vector<float>>(next.AsSpan());
            var mem = MemoryMarshal.Cast<float, Vector<float>>(membrane.Slice(offset, width));
            // A missing gradient adds 0: x + 0 and 0 / y are exact, so the bits are those of a zero tensor's.
            var gm = gradMembrane.IsEmpty ? default : MemoryMarshal.Cast<float, Vector<float>>(gradMembrane.Slice(offset, width));
            var gsp = gradSpikes.IsEmpty ? default : MemoryMarshal.Cast<float, Vector<float>>(gradSpikes.Slice(offset, width));
            var gin = MemoryMarshal.Cast<float, Vector<float>>(gradInput.Slice(offset, width));
            for (var v = 0; v < nxt.Length; v++)
            {
                var scale = Vector.Abs(mem[v] - threshold) * slope + Vector<float>.One;
                var d = (gm.IsEmpty ? Vector<float>.Zero : gm[v]) + (gsp.IsEmpty ? Vector<float>.Zero : gsp[v]) / (scale * scale) + beta * nxt[v];
                gin[v] = d;
                nxt[v] = d;
            }
            for (var i = nxt.Length * Vector<float>.Count; i < width; i++)
            {
                var x = membrane[offset + i] - s.Threshold;
                var scale = MathF.Abs(x) * s.Slope + 1f;
                var d = (gradMembrane.IsEmpty ? 0f : gradMembrane[offset + i]) + (gradSpikes.IsEmpty ? 0f : gradSpikes[offset + i]) / (scale * scale) + s.Beta * next[i];
                gradInput[offset + i] = d;
                next[i] = d;
            }
        }
        membranes.Dispose();
        return [gradCurrents, null!];
    }

    private static (Tensor Spikes, Tensor Membranes) Forward(Tensor currents, Settings s)
    {
        using var input = currents.detach().contiguous();
        var steps = (int)input.shape[0];
        var width = (int)(input.numel() / steps);
        var spikes = empty(input.shape);
        var membranes = empty(input.shape);
        var current = Span(input);
        var spike = Span(spikes);
        var membrane = Span(membranes);
        var beta = new Vector<float>(s.Beta);
        var threshold = new Vector<float>(s.Threshold);
        var one = Vector<float>.One;
        var previous = new float[width];
        for (var t = 0; t < steps; t++)
        {
            var offset = t * width;
            var i = 0;
            var prev = MemoryMarshal.Cast<float, Vector<float>>(previous.AsSpan());
            var cur = MemoryMarshal.Cast<float, Vector<float>>(current.Slice(offset, width));
            var mem = MemoryMarshal.Cast<float, Vector<float>>(membrane.Slice(offset, width));
            var spk = MemoryMarshal.Cast<float, Vector<float>>(spike.Slice(offset, width));
            for (var v = 0; v < prev.Length; v++)
            {
                var reset = Vector.ConditionalSelect(Vector.GreaterThan(prev[v], threshold), one, Vector<float>.Zero);
                var u = beta * prev[v] + cur[v] - reset * threshold;
                mem[v] = u;
                spk[v] = Vector.ConditionalSelect(Vector.GreaterThan(u - threshold, Vector<float>.Zero), one, Vector<float>.Zero);
                prev[v] = u;
            }
            for (i = prev.Length * Vector<float>.Count; i < width; i++)
            {
                var reset = previous[i] > s.Threshold ? 1f : 0f;
                var u = s.Beta * previous[i] + current[offset + i] - reset * s.Threshold;
                membrane[offset + i] = u;
                spike[offset + i] = u - s.Threshold > 0f ? 1f : 0f;
                previous[i] = u;
            }
        }
        return (spikes, membranes);
    }

    private static Tensor? Gradient(List<Tensor> gradients, int index, Tensor like) =>
        gradients.Count > index && gradients[index] is { } g && !g.IsInvalid && g.numel() == like.numel() ? g.contiguous() : null;

    /// <summary>The floats of a contiguous float32 CPU tensor, in place.</summary>
    private static Span<float> Span(Tensor tensor) => Tensors.Floats(tensor);
}
