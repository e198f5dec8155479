using TorchSharp;
using static TorchSharp.torch;

namespace Course.Reference.Attention;

/// <summary>
/// Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V, from "Attention Is All You Need" (Vaswani et al.,
/// 2017, eq. 1). A mask that is true where a query may attend sets the other scores to −∞ before
/// the softmax.
/// </summary>
public static class ScaledDotProductAttention
{
    /// <returns>The attended values (…, Lq, dv) and the attention weights (…, Lq, Lk).</returns>
    public static (Tensor Output, Tensor Weights) Forward(Tensor q, Tensor k, Tensor v, Tensor? mask = null)
    {
        var d = q.shape[^1];
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(d);
        if (mask is not null)
            scores = scores.masked_fill(mask.to_type(ScalarType.Bool).logical_not(), double.NegativeInfinity);
        var weights = scores.softmax(-1);
        return (weights.matmul(v), weights);
    }
}
