using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Gan;

/// <summary>
/// The losses of the original GAN (Goodfellow et al., 2014) on the discriminator's logits, as binary cross-entropy
/// with logits: BCE(x, 1) = −log σ(x) and BCE(x, 0) = −log(1 − σ(x)). libtorch evaluates it as
/// max(x, 0) − x·y + log1p(e^{−|x|}) with the backward σ(x) − y, so logits of ±1000 give exact, finite values and
/// gradients (a log of a sigmoid would be −∞ there).
/// </summary>
public static class GanLosses
{
    static Tensor Bce(Tensor logits, double target) =>
        functional.binary_cross_entropy_with_logits(logits, full_like(logits, target), reduction: Reduction.Mean);

    /// <summary>mean BCE(real, 1) + mean BCE(fake, 0): the sum of the two batch means (PyTorch DCGAN tutorial's errD_real + errD_fake).</summary>
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) => Bce(realLogits, 1) + Bce(fakeLogits, 0);

    /// <summary>The non-saturating generator loss: mean BCE(fake, 1) = −mean log σ(fake), minimised.</summary>
    public static Tensor Generator(Tensor fakeLogits) => Bce(fakeLogits, 1);
}
