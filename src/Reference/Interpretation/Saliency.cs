using static TorchSharp.torch;

namespace Course.Reference.Interpretation;

/// <summary>
/// Vanilla-gradient saliency (Simonyan, Vedaldi and Zisserman 2014, §3): the gradient of the target class's score —
/// its logit z_c, before the softmax — with respect to the input image, and the map M[i, j] = max_channel |∂z_c/∂x|.
/// </summary>
public static class Saliency
{
    /// <summary>z_{target_b}(x_b) for every image b: (B,).</summary>
    public static Tensor TargetLogits(SmallCnn model, Tensor x, Tensor target) =>
        model.call(x).gather(1, target.unsqueeze(1)).squeeze(1);

    /// <summary>∂z_{target_b}/∂x_b for every image, shaped like x.</summary>
    public static Tensor Gradient(SmallCnn model, Tensor x, Tensor target)
    {
        var input = x.detach().requires_grad_(true);
        // The images do not interact (no BatchNorm), so the gradient of the sum is each image's own gradient.
        return autograd.grad([TargetLogits(model, input, target).sum()], [input])[0];
    }

    /// <summary>The saliency map (B, H, W): the largest |gradient| over the channels of each pixel.</summary>
    public static Tensor Map(Tensor gradient) => gradient.abs().amax([1]);
}
