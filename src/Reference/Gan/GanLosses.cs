using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Gan;

/// <summary>
/// The losses of the original GAN (Goodfellow et al., 2014) on the discriminator's logits, in the
/// binary-cross-entropy-with-logits form. BCE(x, 1) = −log σ(x) = softplus(−x) and BCE(x, 0) = −log(1 − σ(x)) =
/// softplus(x); softplus is evaluated stably (x + log1p(e^{−x}) for large x), so logits of ±1000 stay finite.
/// </summary>
public static class GanLosses
{
    /// <summary>mean BCE(real, 1) + mean BCE(fake, 0): the sum of the two batch means (PyTorch DCGAN tutorial's errD_real + errD_fake).</summary>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        functional.softplus(-realLogits).mean() + functional.softplus(fakeLogits).mean();

    /// <summary>The non-saturating generator loss: mean BCE(fake, 1) = −mean log σ(fake), minimised.</summary>
    public static Tensor Generator(Tensor fakeLogits) => functional.softplus(-fakeLogits).mean();
}
