using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// The squared Fréchet (2-Wasserstein) distance between N(μ1, Σ1) and N(μ2, Σ2) (Dowson and Landau 1982; Heusel
/// et al. 2017 call it FID when the features are Inception's):
/// d² = ‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr (Σ1 Σ2)^(1/2).
/// Σ1 Σ2 is not symmetric, so Tr (Σ1 Σ2)^(1/2) is taken in the symmetric form Tr (Σ1^(1/2) Σ2 Σ1^(1/2))^(1/2),
/// which has the same eigenvalues and is stable when a covariance is nearly singular.
/// </summary>
public static class FrechetDistance
{
    public static Tensor Of(Tensor mu1, Tensor sigma1, Tensor mu2, Tensor sigma2, StageTrace? trace = null)
    {
        var meanTerm = trace.Keep("mean_term", (mu1 - mu2).pow(2).sum());
        var root1 = SymmetricSqrt.Of(sigma1);
        var traceSqrt = trace.Keep("trace_sqrt", SymmetricSqrt.Trace(root1.matmul(sigma2).matmul(root1)));
        return meanTerm + sigma1.trace() + sigma2.trace() - 2 * traceSqrt;
    }

    /// <summary>FID from two feature sets (N1, D) and (N2, D): fit a Gaussian to each, then the distance.</summary>
    public static Tensor FromFeatures(Tensor real, Tensor synthetic, StageTrace? trace = null)
    {
        var (mu1, sigma1) = GaussianStatistics.Of(real);
        var (mu2, sigma2) = GaussianStatistics.Of(synthetic);
        trace.Keep("mu_real", mu1);
        trace.Keep("sigma_real", sigma1);
        trace.Keep("mu_synthetic", mu2);
        trace.Keep("sigma_synthetic", sigma2);
        return Of(mu1, sigma1, mu2, sigma2, trace);
    }
}
