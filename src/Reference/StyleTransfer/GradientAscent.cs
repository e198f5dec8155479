using static TorchSharp.torch;

namespace Course.Reference.StyleTransfer;

/// <summary>
/// One step of activation maximisation ("feature visualisation"): a = mean over batch and positions of channel
/// <c>unit</c> of the network's output; g = ∂a/∂image; the image moves up the gradient, normalised by its root
/// mean square so the step size does not depend on the gradient's scale: image + step · g / (√mean(g²) + 1e-8).
/// </summary>
public static class GradientAscent
{
    public static (Tensor Image, Tensor Activation) Step(FeatureNet net, Tensor image, long unit, double stepSize, StageTrace? trace = null)
    {
        var x = image.detach().clone().requires_grad_(true);
        var activation = net.Forward(x, trace)[.., unit].mean();
        var gradient = trace.Keep("gradient", autograd.grad([activation], [x])[0]);
        using var _ = no_grad();
        var normalised = gradient / (gradient.pow(2).mean().sqrt() + 1e-8);
        return ((x + stepSize * normalised).detach(), activation.detach());
    }
}
