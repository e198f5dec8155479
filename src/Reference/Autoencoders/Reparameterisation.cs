using static TorchSharp.torch;

namespace Course.Reference.Autoencoders;

/// <summary>
/// The reparameterisation trick (Kingma and Welling 2014, §2.4): z = μ + σ ⊙ ε with σ = exp(½ log σ²) and
/// ε ~ N(0, I) drawn outside, so z is a differentiable function of μ and log σ².
/// </summary>
public static class Reparameterisation
{
    public static Tensor Sample(Tensor mu, Tensor logVar, Tensor eps) => mu + (0.5 * logVar).exp() * eps;
}
