using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// One step of the exponential-moving-average codebook update (paper, appendix A.1), from a given state
/// (no zero-debiasing), with Sonnet's Laplace smoothing of the counts:
///   k(n) = nearest code of z_n under the codebook BEFORE the update;
///   n_k = #{n : k(n) = k},  s_k = Σ_{n : k(n) = k} z_n;
///   N_k ← γ N_k + (1 − γ) n_k,  m_k ← γ m_k + (1 − γ) s_k   (the stored N is NOT smoothed);
///   Ñ_k = (N_k + ε) / (Σ_j N_j + K ε) · Σ_j N_j,  e_k = m_k / Ñ_k.
/// z_e is (B, D, H, W); ema_count is (K,), ema_sum and the codebook are (K, D).
/// </summary>
public static class EmaCodebook
{
    public static (Tensor Count, Tensor Sum, Tensor Codebook) Step(Tensor zE, Tensor codebook, Tensor emaCount, Tensor emaSum,
        double decay, double epsilon, StageTrace? trace = null)
    {
        var flat = Quantizer.Flatten(zE);
        var k = codebook.shape[0];
        var indices = trace.Keep("indices", NearestCode.Indices(flat, codebook));
        var assign = nn.functional.one_hot(indices, k).to_type(flat.dtype);      // (N, K)
        var counts = trace.Keep("counts", assign.sum(0L));                     // n_k; 0L: a literal 0 would bind to sum(ScalarType), the total
        var sums = trace.Keep("sums", assign.t().matmul(flat));                // s_k, (K, D)
        var count = decay * emaCount + (1 - decay) * counts;
        var sum = decay * emaSum + (1 - decay) * sums;
        var total = count.sum();
        var smoothed = trace.Keep("smoothed_count", (count + epsilon) / (total + k * epsilon) * total);
        return (count, sum, sum / smoothed.unsqueeze(1));
    }
}
