using static TorchSharp.torch;

namespace Course.Reference.Autoencoders;

/// <summary>
/// The negative evidence lower bound, −ELBO = E_q[−log p(x | z)] + β · KL(q(z | x) ‖ N(0, I)), estimated with one
/// sample z per example. β = 1 is the VAE; β ≠ 1 weighs the KL only (Higgins et al. 2017).
/// </summary>
public static class Elbo
{
    /// <summary>
    /// −log p(x | z) for independent Bernoullis with the given logits, summed over the P features: per element
    /// softplus(l) − x·l, i.e. binary cross-entropy on logits (exact for grey-level x ∈ [0, 1] too). (B, P) → (B,).
    /// </summary>
    public static Tensor Reconstruction(Tensor logits, Tensor x) =>
        nn.functional.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None).sum(-1);

    /// <summary>KL(N(μ, σ²) ‖ N(0, 1)) in closed form, summed over the D latent dimensions:
    /// ½ Σ (σ² + μ² − 1 − log σ²). (B, D) → (B,).</summary>
    public static Tensor Kl(Tensor mu, Tensor logVar) => 0.5 * (logVar.exp() + mu.pow(2) - 1 - logVar).sum(-1);

    /// <summary>
    /// The loss is the batch mean of recon + β·KL, a scalar; the two per-sample terms are returned too.
    /// Stages: mu, logvar, z, logits.
    /// </summary>
    public static (Tensor Loss, Tensor Reconstruction, Tensor Kl) NegElbo(VariationalAutoencoder vae, Tensor x, Tensor eps,
        double beta, StageTrace? trace = null)
    {
        var (mu, logVar) = vae.Encode(x);
        trace.Keep("mu", mu);
        trace.Keep("logvar", logVar);
        var z = trace.Keep("z", Reparameterisation.Sample(mu, logVar, eps));
        var logits = trace.Keep("logits", vae.Decode(z));
        var reconstruction = Reconstruction(logits, x);
        var kl = Kl(mu, logVar);
        return ((reconstruction + beta * kl).mean(), reconstruction, kl);
    }
}
