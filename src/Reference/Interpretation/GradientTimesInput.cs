using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// Gradient × input (Shrikumar et al. 2016) measured from a baseline x̄: (x − x̄) ⊙ ∂z_c/∂x at x. With x̄ = 0 it is the
/// classic gradient × input; it is also the one-step (m = 1, right-rule) integrated gradients of a linear model.
/// </summary>
public static class GradientTimesInput
{
    public static Tensor Compute(SmallCnn model, Tensor x, Tensor baseline, Tensor target) =>
        (x - baseline) * Saliency.Gradient(model, x, target);
}
