using System.Runtime.CompilerServices;

namespace Synaptic.ML.Randomness;

/// <summary>
/// Standard normal variates by the ziggurat method (Marsaglia and Tsang, 2000) in Doornik's formulation (ZIGNOR,
/// 2005): 128 layers of equal area under f(x) = exp(−x²/2), the base layer carrying the tail beyond
/// r = 3.4426…; most draws cost one <see cref="SplitMix64.NextUInt64"/>, a table look-up and a multiply.
/// </summary>
/// <remarks>
/// <para>
/// Exact: a draw inside a layer's rectangle that lies wholly under f is returned at once (97.2% of draws); a draw in
/// a layer's wedge is accepted by comparing with f itself, and the tail is sampled by Marsaglia's (1964) exact
/// method, so the output is N(0, 1) up to the resolution of doubles — not an approximation such as a sum of uniforms
/// or a truncated inverse CDF. The layer index takes the low 7 bits of a 64-bit draw and the uniform the high 53, so
/// the two are independent (the flaw Doornik found in implementations that reuse bits of one 32-bit word).
/// </para>
/// <para>
/// Deterministic per stream: the layer edges are stored as literals (computed once, with r solved so that the top
/// layer closes at 0), not computed at start-up with a platform's <c>exp</c> and <c>log</c>. A platform's
/// <c>exp</c>/<c>log</c> enter only the wedge test and the tail (2.8% of draws), where a last-bit difference can flip
/// an acceptance only when the test lands within one rounding of its boundary.
/// </para>
/// </remarks>
internal static class ZigguratNormal
{
    private const int Layers = 128;
    private const double TailStart = 3.442619855896652;

    // x[i]: right edge of layer i (x[0] = v/f(r) is the base layer's width as a rectangle of area v, x[1] = r,
    // x[128] = 0), from x[i+1] = sqrt(−2·ln(v/x[i] + f(x[i]))) with v = r·f(r) + ∫_r^∞ f = 0.00991256303533647.
    private static readonly double[] Edge =
    [
        3.7130862467403625, 3.442619855896652, 3.2230849845786183, 3.0832288582142136,
        2.9786962526450167, 2.8943440070186703, 2.823125350545966, 2.7611693723841535,
        2.706113573118722, 2.656406411258192, 2.6109722484286126, 2.5690336259216386,
        2.530009672385466, 2.4934545220919504, 2.4590181774083497, 2.4264206455302113,
        2.395434278007467, 2.3658713701139873, 2.3375752413355304, 2.310413683695002,
        2.2842740596736566, 2.2590595738653296, 2.234686395587057, 2.2110814088747275,
        2.1881804320720204, 2.1659267937448408, 2.1442701823562613, 2.12316570866979,
        2.102573135184999, 2.082456237987725, 2.062782274503964, 2.0435215366506703,
        2.0246469733729344, 2.0061338699589673, 1.9879595741230611, 1.9701032608497138,
        1.9525457295488893, 1.9352692282919006, 1.9182573008597323, 1.9014946531003178,
        1.8849670357028696, 1.8686611409895424, 1.8525645117230873, 1.836665460253384,
        1.820952996591005, 1.8054167642140486, 1.790046982594619, 1.7748343955807693,
        1.759770224894232, 1.7448461281083767, 1.7300541605582438, 1.7153867407081167,
        1.7008366185643011, 1.6863968467734864, 1.6720607540918524, 1.6578219209482077,
        1.6436741568569828, 1.6296114794646783, 1.615628095037133, 1.601718380215277,
        1.5878768648844008, 1.5740982160167498, 1.5603772223598409, 1.5467087798535037,
        1.5330878776675563, 1.519509584759371, 1.5059690368565504, 1.4924614237746154,
        1.478981976983098, 1.465525957335795, 1.4520886428822168, 1.4386653166774617,
        1.4252512545068619, 1.4118417124397606, 1.3984319141236068, 1.3850170377251492,
        1.3715922024197327, 1.3581524543224233, 1.3446927517457135, 1.331207949657677,
        1.3176927832013434, 1.304141850120422, 1.2905495919178736, 1.2769102735517002,
        1.2632179614460288, 1.2494664995643343, 1.2356494832544818, 1.2217602305309632,
        1.2077917504067581, 1.1937367078237726, 1.1795873846544611, 1.1653356361550473,
        1.1509728421389764, 1.136489852003076, 1.1218769225722545, 1.1071236475235358,
        1.0922188768965542, 1.077150624881938, 1.06190596368362, 1.0464709007525808,
        1.030830236056456, 1.0149673952393001, 0.9988642334806442, 0.9825008035027611,
        0.9658550793881314, 0.9489026254979128, 0.9316161966013545, 0.9139652510088027,
        0.8959153525662393, 0.8774274290977166, 0.8584568431780517, 0.8389522142812083,
        0.8188539066833185, 0.7980920606262756, 0.7765839878761491, 0.7542306644345107,
        0.730911910621882, 0.7064796113136088, 0.680747918645905, 0.6534786387150432,
        0.624358597309089, 0.5929629424419789, 0.5586921783755191, 0.5206560387251462,
        0.47743783725378924, 0.4265479863033068, 0.3628714310284204, 0.272320864704667,
        0.0
    ];

    // x[i+1]/x[i]: a uniform |u| below it falls inside the rectangle under f.
    private static readonly double[] Inside = BuildInside();

    /// <summary>The next N(0, 1) value of <paramref name="random"/>'s stream.</summary>
    /// <param name="random">The generator; advanced by one draw most of the time, more when a draw is rejected.</param>
    /// <returns>A standard normal variate.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(ref SplitMix64 random)
    {
        var bits = random.NextUInt64();
        var layer = (int)(bits & (Layers - 1));
        var u = (bits >> 11) * (1.0 / (1UL << 52)) - 1.0; // uniform on [−1, 1) in steps of 2^−52
        if (Math.Abs(u) < Inside[layer])
            return u * Edge[layer];
        return Slow(ref random, layer, u);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Slow(ref SplitMix64 random, int layer, double u)
    {
        while (true)
        {
            if (layer == 0)
                return Tail(ref random, u < 0);
            var x = u * Edge[layer];
            // The layer spans heights f(x[i]) … f(x[i+1]); accept when a uniform height there lies below f(x),
            // tested relative to f(x): f(x[i+1])/f(x) + U·(f(x[i])/f(x) − f(x[i+1])/f(x)) < 1.
            var outer = Math.Exp(-0.5 * (Edge[layer] * Edge[layer] - x * x));
            var inner = Math.Exp(-0.5 * (Edge[layer + 1] * Edge[layer + 1] - x * x));
            if (inner + random.NextDouble() * (outer - inner) < 1.0)
                return x;
            var bits = random.NextUInt64();
            layer = (int)(bits & (Layers - 1));
            u = (bits >> 11) * (1.0 / (1UL << 52)) - 1.0;
            if (Math.Abs(u) < Inside[layer])
                return u * Edge[layer];
        }
    }

    // Marsaglia (1964): x = −ln(U₁)/r, y = −ln(U₂), accepted when 2y > x², gives r + x distributed as the tail beyond r.
    private static double Tail(ref SplitMix64 random, bool negative)
    {
        double x, y;
        do
        {
            x = Math.Log(1.0 - random.NextDouble()) / TailStart; // 1 − U in (0, 1], so the logarithm is finite
            y = Math.Log(1.0 - random.NextDouble());
        }
        while (-2 * y < x * x);
        return negative ? x - TailStart : TailStart - x;
    }

    private static double[] BuildInside()
    {
        var inside = new double[Layers];
        for (var i = 0; i < Layers; i++)
            inside[i] = Edge[i + 1] / Edge[i];
        return inside;
    }
}
