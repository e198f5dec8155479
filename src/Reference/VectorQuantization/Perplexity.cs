using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// Codebook usage perplexity: p_k = (how many positions use code k) / (all positions in the batch), and
/// perplexity = exp(−Σ_k p_k ln p_k) with 0 · ln 0 = 0. It is K when every code is used equally, 1 when one is.
/// </summary>
public static class Perplexity
{
    public static Tensor Of(Tensor indices, long numCodes)
    {
        var counts = nn.functional.one_hot(indices.reshape(-1), numCodes).to_type(ScalarType.Float64).sum(0L);  // 0L, not 0: a literal 0 binds to sum(ScalarType) and sums everything
        var p = counts / counts.sum();
        // where() drops the unused codes, whose 0 · ln 0 would be NaN.
        var terms = where(p > 0, p * p.clamp_min(1e-300).log(), zeros_like(p));
        return (-terms.sum()).exp();
    }
}
