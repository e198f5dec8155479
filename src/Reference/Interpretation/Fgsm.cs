using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Interpretation;

/// <summary>
/// The untargeted fast gradient sign method (Goodfellow, Shlens and Szegedy 2015, §4): one step of size ε along the
/// sign of the cross-entropy's input gradient for the true label, x_adv = clip(x + ε·sign(∇ₓ CE(z(x), y)), 0, 1),
/// with sign(0) = 0.
/// </summary>
public static class Fgsm
{
    /// <summary>
    /// ∇ₓ of the batch-mean cross-entropy on the logits. Mean or sum only rescales each image's gradient by a positive
    /// number, which the sign does not see. <paramref name="observe"/>, when given, sees each gradient (the golden
    /// generator checks that no component is so near 0 that float32 could take another sign).
    /// </summary>
    public static Tensor LossGradient(SmallCnn model, Tensor x, Tensor label, Action<Tensor>? observe = null)
    {
        var input = x.detach().requires_grad_(true);
        var loss = functional.cross_entropy(model.call(input), label, reduction: Reduction.Mean);
        var gradient = autograd.grad([loss], [input])[0];
        observe?.Invoke(gradient);
        return gradient;
    }

    public static Tensor Attack(SmallCnn model, Tensor x, Tensor label, double eps, Action<Tensor>? observe = null) =>
        (x + eps * LossGradient(model, x, label, observe).sign()).clamp(0.0, 1.0);
}
