using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// The straight-through estimator (paper, section 3.1): the decoder receives z_e + sg(z_q − z_e), whose value is
/// z_q and whose gradient with respect to z_e is the identity, so ∂L/∂z_e = ∂L/∂z_q.
/// </summary>
public static class StraightThrough
{
    public static Tensor Apply(Tensor zE, Tensor zQ) => zE + (zQ - zE).detach();

    /// <summary>
    /// The graded case: the downstream loss L = ½ Σ (z_st − target)² over every element, so ∂L/∂z_e = z_q − target.
    /// Returns z_st (B, D, H, W) and ∂L/∂z_e (B, D, H, W).
    /// </summary>
    public static (Tensor ZSt, Tensor Gradient) WithLoss(Tensor zE, Tensor codebook, Tensor target, StageTrace? trace = null)
    {
        var x = zE.detach().clone().requires_grad_(true);
        var (_, zQ) = Quantizer.Forward(x, codebook.detach());
        trace.Keep("z_q", zQ.detach());
        var zSt = Apply(x, zQ);
        var loss = 0.5 * (zSt - target).pow(2).sum();
        var gradient = autograd.grad([loss], [x])[0];
        return (zSt.detach(), gradient.detach());
    }
}
