using System.Numerics;
using System.Numerics.Tensors;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The arithmetic of <see cref="MultiPlasticityFunction"/> for one sequence at a time, over the memory of contiguous
/// float32 tensors (addresses from <see cref="Address"/>; the function keeps the tensors alive while a kernel runs). Each row
/// of M, W and the gradients is handled by one fused vector loop; nothing is allocated inside the time loop.
/// </summary>
/// <remarks>
/// Layouts: inputs [T, B, I], M [B, H, C], hidden [T, B, H], keep [T, B], W [H, C], b [H], and the saved history
/// [T, B, H·C + H] (M′_t, then h_t). The scratch tensor has one row per sequence, so sequences share nothing they write.
/// </remarks>
internal sealed unsafe class MultiPlasticitySequenceKernel(MultiPlasticityFunction.Settings settings, int steps, int batch, float decay, float rate)
{
    private readonly int h = settings.Hidden;
    private readonly int c = settings.Columns;
    private readonly int inputs = settings.Inputs;
    private readonly bool tanh = settings.Tanh;
    private readonly float? bound = settings.Bound;

    // Forward and backward read these.
    public nint Inputs { get; init; }
    public nint Weight { get; init; }
    public nint Keep { get; init; }
    public nint Saved { get; init; }
    public nint Scratch { get; init; }

    // Forward only.
    public nint Trace { get; init; }
    public nint Bias { get; init; }
    public nint Hidden { get; init; }
    public nint Final { get; init; }

    // Backward only.
    public nint GradHidden { get; init; }
    public nint GradFinal { get; init; }
    public nint GradInputs { get; init; }
    public nint GradTrace { get; init; }

    /// <summary>Floats of scratch one sequence needs forward: x̃ and a.</summary>
    public static int ForwardScratch(int hidden, int columns) => columns + hidden;

    /// <summary>Floats of scratch one sequence needs backward: its ∂L/∂W, ∂L/∂b, ∂L/∂λ and ∂L/∂η, ∂L/∂M, x̃, ∂L/∂x̃, N and ∂L/∂a.</summary>
    public static int BackwardScratch(int hidden, int columns) => 2 * hidden * columns + 2 * hidden + 2 + 3 * columns;

    private int SavedRow => h * c + h;

    /// <summary>The address of a contiguous CPU tensor's first element (its storage offset included).</summary>
    public static nint Address(TorchSharp.torch.Tensor tensor)
    {
        fixed (byte* first = tensor.bytes)
            return (nint)first;
    }

    private static Span<float> At(nint address, long offset, int length) => new((float*)address + offset, length);

    /// <summary>Runs sequence <paramref name="b"/> forward through all steps.</summary>
    public void Forward(int b)
    {
        var hc = h * c;
        var m = At(Final, (long)b * hc, hc);
        At(Trace, (long)b * hc, hc).CopyTo(m);
        var scratch = At(Scratch, (long)b * ForwardScratch(h, c), ForwardScratch(h, c));
        var x = scratch[..c];
        var a = scratch.Slice(c, h);
        var w = At(Weight, 0, hc);
        var bias = At(Bias, 0, h);
        for (var t = 0; t < steps; t++)
        {
            var row = (long)t * batch + b;
            LoadInput(row, x);
            if (Keep != 0)
            {
                var k = ((float*)Keep)[row];
                if (k != 1)
                    TensorPrimitives.Multiply(m, k, m);
            }
            if (Saved != 0)
                m.CopyTo(At(Saved, row * SavedRow, hc));
            for (var i = 0; i < h; i++)
                a[i] = bias[i] + Drive(w.Slice(i * c, c), m.Slice(i * c, c), x);
            var hidden = At(Hidden, row * h, h);
            if (tanh)
                TensorPrimitives.Tanh(a, hidden);
            else
                a.CopyTo(hidden);
            if (Saved != 0)
                hidden.CopyTo(At(Saved, row * SavedRow + hc, h));
            for (var i = 0; i < h; i++)
            {
                var mi = m.Slice(i * c, c);
                Next(mi, x, decay, rate * hidden[i], mi);
            }
            if (bound is float limit)
            {
                TensorPrimitives.Max(m, -limit, m);
                TensorPrimitives.Min(m, limit, m);
            }
        }
    }

    /// <summary>Backpropagates sequence <paramref name="b"/> through all steps, from ∂L/∂h and ∂L/∂M_T.</summary>
    public void Backward(int b)
    {
        var hc = h * c;
        var scratch = At(Scratch, (long)b * BackwardScratch(h, c), BackwardScratch(h, c));
        var dW = scratch[..hc];
        var db = scratch.Slice(hc, h);
        var dScalars = scratch.Slice(hc + h, 2);
        var dM = scratch.Slice(hc + h + 2, hc);
        var x = scratch.Slice(2 * hc + h + 2, c);
        var dx = scratch.Slice(2 * hc + h + 2 + c, c);
        var n = scratch.Slice(2 * hc + h + 2 + 2 * c, c);
        var da = scratch.Slice(2 * hc + h + 2 + 3 * c, h);
        dW.Clear();
        db.Clear();
        At(GradFinal, (long)b * hc, hc).CopyTo(dM);
        var w = At(Weight, 0, hc);
        double dDecay = 0, dRate = 0;
        for (var t = steps - 1; t >= 0; t--)
        {
            var row = (long)t * batch + b;
            var previous = At(Saved, row * SavedRow, hc);
            var hidden = At(Saved, row * SavedRow + hc, h);
            var gradHidden = At(GradHidden, row * h, h);
            LoadInput(row, x);
            dx.Clear();
            var k = Keep != 0 ? ((float*)Keep)[row] : 1f;
            for (var i = 0; i < h; i++)
            {
                var dN = dM.Slice(i * c, c);
                var mi = previous.Slice(i * c, c);
                var hi = hidden[i];
                if (bound is float limit)
                {
                    // N recomputed exactly as forward computed it, so the same entries count as clipped.
                    Next(mi, x, decay, rate * hi, n);
                    ZeroOutside(n, limit, dN);
                }
                var (towardDecay, s) = Spread(dN, mi, x, rate * hi, dx);
                dDecay += towardDecay;
                dRate += hi * s;
                var slope = tanh ? 1 - hi * hi : 1;
                da[i] = (gradHidden[i] + rate * s) * slope;
                Gather(w.Slice(i * c, c), mi, x, da[i], decay, k, dN, dW.Slice(i * c, c), dx);
            }
            TensorPrimitives.Add(db, da, db);
            dx[..inputs].CopyTo(At(GradInputs, row * inputs, inputs));
        }
        dM.CopyTo(At(GradTrace, (long)b * hc, hc));
        dScalars[0] = (float)dDecay;
        dScalars[1] = (float)dRate;
    }

    /// <summary>Sums the per-sequence parts of ∂L/∂W and ∂L/∂b in sequence order into the tensors at the addresses; returns ∂L/∂λ and ∂L/∂η.</summary>
    public (float Decay, float Rate) SumParameterGradients(nint weightGradient, nint biasGradient)
    {
        var hc = h * c;
        var dW = At(weightGradient, 0, hc);
        var db = At(biasGradient, 0, h);
        dW.Clear();
        db.Clear();
        double dDecay = 0, dRate = 0;
        var size = BackwardScratch(h, c);
        for (var b = 0; b < batch; b++)
        {
            var part = At(Scratch, (long)b * size, hc + h + 2);
            TensorPrimitives.Add(dW, part[..hc], dW);
            TensorPrimitives.Add(db, part.Slice(hc, h), db);
            dDecay += part[hc + h];
            dRate += part[hc + h + 1];
        }
        return ((float)dDecay, (float)dRate);
    }

    private void LoadInput(long row, Span<float> x)
    {
        At(Inputs, row * inputs, inputs).CopyTo(x);
        if (c > inputs)
            x[inputs] = 1;
    }

    /// <summary>Σ_j w_j·(m_j + 1)·x_j: one row of (W ⊙ (M + 1))·x̃.</summary>
    private static float Drive(ReadOnlySpan<float> w, ReadOnlySpan<float> m, ReadOnlySpan<float> x)
    {
        var width = Vector<float>.Count;
        var sum = Vector<float>.Zero;
        var j = 0;
        for (; j <= x.Length - width; j += width)
        {
            var wj = new Vector<float>(w[j..]);
            sum += (wj * new Vector<float>(m[j..]) + wj) * new Vector<float>(x[j..]);
        }
        var total = Vector.Sum(sum);
        for (; j < x.Length; j++)
            total += (w[j] * m[j] + w[j]) * x[j];
        return total;
    }

    /// <summary>One row of N = λ·M′ + η·h·x̃ᵀ, with <paramref name="scale"/> = η·h_i. Forward and backward share it, so both see the same N.</summary>
    private static void Next(ReadOnlySpan<float> m, ReadOnlySpan<float> x, float decay, float scale, Span<float> destination)
    {
        var width = Vector<float>.Count;
        var j = 0;
        for (; j <= x.Length - width; j += width)
            (new Vector<float>(m[j..]) * decay + new Vector<float>(x[j..]) * scale).CopyTo(destination[j..]);
        for (; j < x.Length; j++)
            destination[j] = m[j] * decay + x[j] * scale;
    }

    /// <summary>Zeroes the gradient where N lies outside [−B, B] (torch.clamp passes the gradient at the bounds themselves).</summary>
    private static void ZeroOutside(ReadOnlySpan<float> n, float limit, Span<float> gradient)
    {
        var width = Vector<float>.Count;
        var upper = new Vector<float>(limit);
        var lower = new Vector<float>(-limit);
        var j = 0;
        for (; j <= n.Length - width; j += width)
        {
            var nj = new Vector<float>(n[j..]);
            var inside = Vector.GreaterThanOrEqual(nj, lower) & Vector.LessThanOrEqual(nj, upper);
            Vector.ConditionalSelect(inside, new Vector<float>(gradient[j..]), Vector<float>.Zero).CopyTo(gradient[j..]);
        }
        for (; j < n.Length; j++)
        {
            if (!(n[j] >= -limit && n[j] <= limit))
                gradient[j] = 0;
        }
    }

    /// <summary>
    /// From one row δN of ∂L/∂N: returns Σ δN ⊙ M′ (toward λ) and s = δN·x̃, and adds η·h_i·δN to ∂L/∂x̃.
    /// </summary>
    private static (float TowardDecay, float Projection) Spread(ReadOnlySpan<float> dN, ReadOnlySpan<float> m, ReadOnlySpan<float> x, float scale, Span<float> dx)
    {
        var width = Vector<float>.Count;
        var towardDecay = Vector<float>.Zero;
        var projection = Vector<float>.Zero;
        var j = 0;
        for (; j <= dN.Length - width; j += width)
        {
            var g = new Vector<float>(dN[j..]);
            towardDecay += g * new Vector<float>(m[j..]);
            projection += g * new Vector<float>(x[j..]);
            (new Vector<float>(dx[j..]) + g * scale).CopyTo(dx[j..]);
        }
        var d = Vector.Sum(towardDecay);
        var s = Vector.Sum(projection);
        for (; j < dN.Length; j++)
        {
            d += dN[j] * m[j];
            s += dN[j] * x[j];
            dx[j] += dN[j] * scale;
        }
        return (d, s);
    }

    /// <summary>
    /// One row of the step's remaining gradients from ∂L/∂a_i: ∂L/∂W_i += ∂L/∂a_i·(M′_i + 1) ⊙ x̃,
    /// ∂L/∂x̃ += ∂L/∂a_i·W_i ⊙ (M′_i + 1), and the row of δN becomes ∂L/∂M_{t−1} = k·(λ·δN + ∂L/∂a_i·W_i ⊙ x̃).
    /// </summary>
    private static void Gather(
        ReadOnlySpan<float> w, ReadOnlySpan<float> m, ReadOnlySpan<float> x, float da, float decay, float keep,
        Span<float> dM, Span<float> dW, Span<float> dx)
    {
        var width = Vector<float>.Count;
        var j = 0;
        for (; j <= x.Length - width; j += width)
        {
            var wj = new Vector<float>(w[j..]);
            var gate = new Vector<float>(m[j..]) + Vector<float>.One;
            var xj = new Vector<float>(x[j..]);
            (new Vector<float>(dW[j..]) + gate * xj * da).CopyTo(dW[j..]);
            (new Vector<float>(dx[j..]) + wj * gate * da).CopyTo(dx[j..]);
            ((new Vector<float>(dM[j..]) * decay + wj * xj * da) * keep).CopyTo(dM[j..]);
        }
        for (; j < x.Length; j++)
        {
            var gate = m[j] + 1;
            dW[j] += gate * x[j] * da;
            dx[j] += w[j] * gate * da;
            dM[j] = (dM[j] * decay + w[j] * x[j] * da) * keep;
        }
    }
}
