using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// Activation maximisation (Erhan et al. 2009; Simonyan et al. 2014, §2) by plain gradient ascent on the input:
/// J(x) = z_c(x) − λ·‖x‖², each step xᵗ⁺¹ = clip(xᵗ + lr·(∂z_c/∂x − 2λ·xᵗ), 0, 1). No normalised step, no jitter, no
/// other regulariser. Each image of the batch is optimised for its own class.
/// </summary>
public static class FeatureVisualization
{
    public static Tensor Ascend(SmallCnn model, Tensor x0, Tensor target, double lr, double l2, long steps)
    {
        var x = x0;
        for (var t = 0; t < steps; t++)
            x = (x + lr * (Saliency.Gradient(model, x, target) - 2 * l2 * x)).clamp(0.0, 1.0);
        return x;
    }
}
