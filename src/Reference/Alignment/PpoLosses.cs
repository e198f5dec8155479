using static TorchSharp.torch;

namespace Course.Reference.Alignment;

/// <summary>
/// PPO's losses on a batch of response tokens (Schulman et al. 2017, eq. 7; TRL's PPO trainer): the clipped
/// surrogate with ratio = exp(log π_new − log π_old) and advantages that are given already normalised, and the
/// unclipped value loss ½·(V − R)². Both are means over every valid token of the batch (a token-level mean, not a
/// mean of per-sequence means); padding does not count.
/// </summary>
public static class PpoLosses
{
    static Tensor MaskedMean(Tensor x, Tensor responseMask)
    {
        var valid = responseMask.to(ScalarType.Bool);
        return where(valid, x, zeros_like(x)).sum() / valid.sum().to_type(x.dtype);
    }

    public static Tensor Ratio(Tensor logprobs, Tensor oldLogprobs) => (logprobs - oldLogprobs).exp();

    /// <summary>−mean min(ratio·A, clip(ratio, 1 − ε, 1 + ε)·A): the pessimistic bound, minimised.</summary>
    public static Tensor Policy(Tensor logprobs, Tensor oldLogprobs, Tensor advantages, Tensor responseMask, double clipRange)
    {
        var ratio = Ratio(logprobs, oldLogprobs);
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(1 - clipRange, 1 + clipRange) * advantages;
        return MaskedMean(-minimum(unclipped, clipped), responseMask);
    }

    /// <summary>½·mean (V − R)² over the valid tokens, without value clipping.</summary>
    public static Tensor Value(Tensor values, Tensor returns, Tensor responseMask) =>
        0.5 * MaskedMean((values - returns).square(), responseMask);
}
