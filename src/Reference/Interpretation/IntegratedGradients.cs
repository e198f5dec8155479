using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// Integrated gradients (Sundararajan, Taly and Yan 2017, eq. 3): the right Riemann sum of the path integral from the
/// baseline x̄ to x, IG = (x − x̄) ⊙ (1/m) Σ_{k=1..m} ∂z_c/∂x at x̄ + (k/m)(x − x̄). Completeness says Σ IG equals
/// z_c(x) − z_c(x̄) in the limit m → ∞; the gap Σ IG − (z_c(x) − z_c(x̄)) measures the sum's error.
/// </summary>
public static class IntegratedGradients
{
    public static (Tensor Attributions, Tensor CompletenessGap) Compute(SmallCnn model, Tensor x, Tensor baseline, Tensor target,
        long steps, StageTrace? trace = null)
    {
        var path = x - baseline;
        var total = zeros_like(x);
        for (var k = 1; k <= steps; k++)
            total += Saliency.Gradient(model, baseline + (double)k / steps * path, target);
        var meanGradient = trace.Keep("mean_gradient", total / steps);
        var attributions = path * meanGradient;
        using var _ = no_grad();
        var rise = Saliency.TargetLogits(model, x, target) - Saliency.TargetLogits(model, baseline, target);
        var gap = attributions.sum([1, 2, 3]) - rise;
        return (attributions, gap);
    }
}
