using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// Projected gradient descent on the loss, L∞ version (Madry et al. 2018, eq. 2), with a given random start:
/// x⁰ = clip(x + δ⁰, 0, 1); then, `steps` times, a signed step, the projection back onto the ε-ball around the clean
/// image, and the clip to the valid range:
/// x' = xᵗ + α·sign(∇ₓ CE(z(xᵗ), y)),  x'' = x + clamp(x' − x, −ε, ε),  xᵗ⁺¹ = clip(x'', 0, 1).
/// The last iterate is returned (not the one with the highest loss).
/// </summary>
public static class Pgd
{
    public static Tensor Attack(SmallCnn model, Tensor x, Tensor label, Tensor delta0, double eps, double alpha, long steps,
        StageTrace? trace = null, Action<Tensor>? observe = null)
    {
        var adversarial = trace.Keep("start", (x + delta0).clamp(0.0, 1.0));
        for (var t = 0; t < steps; t++)
        {
            var stepped = adversarial + alpha * Fgsm.LossGradient(model, adversarial, label, observe).sign();
            var projected = x + (stepped - x).clamp(-eps, eps);
            adversarial = projected.clamp(0.0, 1.0);
        }
        return adversarial;
    }
}
