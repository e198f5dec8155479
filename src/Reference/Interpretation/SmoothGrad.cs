using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// SmoothGrad (Smilkov et al. 2017, eq. 3): the raw gradient ∂z_c/∂x averaged over n noisy copies x + noise_i. The
/// noise (n, B, C, H, W) is given, already scaled; the noisy images are not clipped, and no absolute value or square
/// is taken.
/// </summary>
public static class SmoothGrad
{
    public static Tensor Compute(SmallCnn model, Tensor x, Tensor noise, Tensor target)
    {
        var total = zeros_like(x);
        for (var i = 0; i < noise.shape[0]; i++)
            total += Saliency.Gradient(model, x + noise[i], target);
        return total / noise.shape[0];
    }
}
