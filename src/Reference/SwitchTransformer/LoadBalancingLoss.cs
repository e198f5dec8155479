using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// The auxiliary load-balancing loss (Fedus et al. 2022, eqs. 4–6): per group, f_i = the fraction of its tokens whose
/// argmax is expert i (before capacity drops any) and P_i = the mean router probability of expert i over its tokens;
/// loss = α · N · Σ_i f_i · P_i, averaged over groups, α = 0.01. Uniform routing gives exactly α. Mesh-TF and HF write
/// it as mean_i(f_i P_i) · N², the same number.
/// </summary>
public static class LoadBalancingLoss
{
    public const double Alpha = 0.01;

    /// <param name="probs">(G, S, E) router probabilities.</param>
    /// <param name="expertIndex">(G, S) each token's argmax expert.</param>
    public static Tensor Of(Tensor probs, Tensor expertIndex, double alpha, StageTrace? trace = null)
    {
        var numExperts = probs.shape[^1];
        var fraction = trace.Keep("fraction", functional.one_hot(expertIndex, numExperts).to_type(probs.dtype).mean([1L])); // (G, E)
        var meanProb = trace.Keep("mean_prob", probs.mean([1L]));                                                          // (G, E)
        return alpha * numExperts * (fraction * meanProb).sum(-1L).mean();
    }
}
