using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// a06-vq-vae: nearest-code search (with and without exact ties), NCHW quantisation, the straight-through
/// gradient, the codebook and commitment losses with their gradients, codebook perplexity and one EMA codebook
/// step. Inputs are drawn in float64 and stored in the test's dtype; every latent is at least a clear margin
/// nearer its code than any other, so float32 distance arithmetic cannot flip an index.
/// </summary>
public sealed class A06VqVaeGoldens : IGoldenGenerator
{
    public string Name => "a06-vq-vae";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);
        var (k, d) = (p.Int("codes", 8), p.Int("dim", 4));
        long[] Nchw() => [p.Int("batch"), d, p.Int("height"), p.Int("width")];

        switch (test.Entry)
        {
            case "nearest_codes":
                var (codebook, z) = p.Flag("ties") ? Ties(p.Int("n"), k, d) : Drawn(p.Int("n"), k, d, dtype);
                set.Input(call, "z", z.to_type(dtype));
                set.Input(call, "codebook", codebook.to_type(dtype));
                set.Expect(call, "indices", NearestCode.Indices(F64(z.to_type(dtype)), F64(codebook.to_type(dtype))));
                break;
            case "quantize":
            {
                var (cb, zE) = Latents(Nchw(), k, dtype);
                set.Input(call, "z_e", zE);
                set.Input(call, "codebook", cb);
                var (indices, zQ) = Quantizer.Forward(F64(zE), F64(cb));
                set.Expect(call, "indices", indices);
                set.Expect(call, "z_q", zQ);
                break;
            }
            case "straight_through":
            {
                var (cb, zE) = Latents(Nchw(), k, dtype);
                var target = randn(Nchw(), ScalarType.Float64).to_type(dtype);
                set.Input(call, "z_e", zE);
                set.Input(call, "codebook", cb);
                set.Input(call, "target", target);
                var trace = new StageTrace();
                var (zSt, grad) = StraightThrough.WithLoss(F64(zE), F64(cb), F64(target), trace);
                set.Expect(call, "z_st", zSt);
                set.Expect(call, "grad_z_e", grad);
                set.ExpectStages(call, trace);
                break;
            }
            case "vq_loss":
            {
                var (cb, zE) = Latents(Nchw(), k, dtype);
                var beta = p.Double("beta");
                set.Input(call, "z_e", zE);
                set.Input(call, "codebook", cb);
                set.Value(call, "beta", beta);
                var trace = new StageTrace();
                var (codebookLoss, commitmentLoss, gradZE, gradCodebook) = VqLosses.WithGradients(F64(zE), F64(cb), beta, trace);
                set.Expect(call, "codebook_loss", codebookLoss);
                set.Expect(call, "commitment_loss", commitmentLoss);
                set.Expect(call, "grad_z_e", gradZE);
                set.Expect(call, "grad_codebook", gradCodebook);
                set.ExpectStages(call, trace);
                break;
            }
            case "perplexity":
            {
                // Only `used` of the K codes occur, at shuffled positions in the codebook, so 0 · ln 0 is exercised.
                var used = p.Int("used");
                var codes = randperm(k, ScalarType.Int64)[..(int)used];
                long[] shape = [p.Int("batch"), p.Int("height"), p.Int("width")];
                var indices = codes.index_select(0, randint(0, used, [shape.Aggregate((a, b) => a * b)], ScalarType.Int64)).reshape(shape);
                set.Input(call, "indices", indices);
                set.Value(call, "num_codes", k);
                set.Expect(call, "perplexity", Perplexity.Of(indices, k));
                break;
            }
            case "ema_update":
                Ema(p, set, call, Nchw(), k, d, dtype);
                break;
            default: throw new ArgumentException($"test '{test.Name}': a06 has no entry point '{test.Entry}'");
        }
    }

    static void Ema(CaseParameters p, GoldenSet set, GoldenCall call, long[] shape, long k, long d, ScalarType dtype)
    {
        var (decay, epsilon) = (p.Double("decay"), p.Double("epsilon"));
        var (codebook, zE) = Latents(shape, k, dtype, dead: p.Flag("dead"));
        var c = codebook.to_type(ScalarType.Float64);
        // A state that has run a while: counts of a few vectors each, sums near count · code but not equal to it.
        var count = 0.5 + 4 * rand([k], ScalarType.Float64);
        var sum = c * count.unsqueeze(1) + 0.1 * randn([k, d], ScalarType.Float64);
        if (p.Flag("dead"))
        {
            // The last code was never used and is far from every latent: its count stays 0 and only the
            // smoothing keeps its division finite.
            count[k - 1] = 0.0;
            sum[k - 1] = zeros([d], ScalarType.Float64);
        }
        set.Input(call, "z_e", zE);
        set.Input(call, "codebook", codebook);
        set.Input(call, "ema_count", count.to_type(dtype));
        set.Input(call, "ema_sum", sum.to_type(dtype));
        set.Value(call, "decay", decay);
        set.Value(call, "epsilon", epsilon);
        var trace = new StageTrace();
        var (newCount, newSum, newCodebook) = EmaCodebook.Step(zE.to_type(ScalarType.Float64), c,
            count.to_type(dtype).to_type(ScalarType.Float64), sum.to_type(dtype).to_type(ScalarType.Float64), decay, epsilon, trace);
        set.Expect(call, "ema_count", newCount);
        set.Expect(call, "ema_sum", newSum);
        set.Expect(call, "codebook", newCodebook);
        set.ExpectStages(call, trace);
    }

    /// <summary>A codebook (K, D) and NCHW latents, both in the test's dtype, every position clear of a near-tie.</summary>
    static (Tensor Codebook, Tensor ZE) Latents(long[] shape, long k, ScalarType dtype, bool dead = false)
    {
        var codebook = randn([k, shape[1]], ScalarType.Float64);
        if (dead) codebook[k - 1] = full([shape[1]], 10.0, ScalarType.Float64);
        var (cb, rows) = Drawn(shape[0] * shape[2] * shape[3], codebook, dtype);
        return (cb.to_type(dtype), Quantizer.Unflatten(rows, shape).contiguous().to_type(dtype));
    }

    static (Tensor Codebook, Tensor Z) Drawn(long n, long k, long d, ScalarType dtype) =>
        Drawn(n, randn([k, d], ScalarType.Float64), dtype);

    /// <summary>
    /// Rows z (N, D) drawn from N(0, 1), each redrawn until its two nearest codes differ in squared distance by
    /// more than 1e-3 · (1 + ||z||² + max ||e||²): far above float32's rounding of ||z||² − 2 z·e + ||e||².
    /// The margin is checked on the values as stored in the test's dtype.
    /// </summary>
    static (Tensor Codebook, Tensor Z) Drawn(long n, Tensor codebook, ScalarType dtype)
    {
        var cb = codebook.to_type(dtype).to_type(ScalarType.Float64);
        var scale = 1 + cb.pow(2).sum(1).max();
        var z = randn([n, codebook.shape[1]], ScalarType.Float64).to_type(dtype).to_type(ScalarType.Float64);
        for (var attempt = 0; ; attempt++)
        {
            var sorted = NearestCode.Distances(z, cb).sort(1).Values;
            var gap = sorted[.., 1] - sorted[.., 0];
            var bad = gap < 1e-3 * (scale + z.pow(2).sum(1));
            if (!bad.any().item<bool>()) return (cb, z);
            if (attempt > 1000) throw new InvalidOperationException("could not draw latents clear of near-ties");
            var fresh = randn([n, codebook.shape[1]], ScalarType.Float64).to_type(dtype).to_type(ScalarType.Float64);
            z = where(bad.unsqueeze(1), fresh, z);
        }
    }

    /// <summary>
    /// Exact ties: codebook and latents on a grid of halves (every distance is exact in float32 and float64 alike),
    /// code K−2 a copy of code 1, latent 0 equal to code 1 and latent 1 halfway between codes 0 and 2.
    /// </summary>
    static (Tensor Codebook, Tensor Z) Ties(long n, long k, long d)
    {
        var codebook = randint(-2, 3, [k, d], ScalarType.Float64) / 2;
        codebook[k - 2] = codebook[1];
        var z = randint(-3, 4, [n, d], ScalarType.Float64) / 2;
        z[0] = codebook[1];
        z[1] = (codebook[0] + codebook[2]) / 2;
        return (codebook, z);
    }
}
