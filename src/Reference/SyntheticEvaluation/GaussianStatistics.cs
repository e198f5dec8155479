using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// The Gaussian fitted to a feature set (N, D), as pytorch-fid does: μ = the mean over samples, Σ = the sample
/// covariance with ddof = 1 (<c>np.cov(x, rowvar=False)</c>), Σ = (X − μ)ᵀ (X − μ) / (N − 1).
/// </summary>
public static class GaussianStatistics
{
    public static (Tensor Mu, Tensor Sigma) Of(Tensor features)
    {
        var mu = features.mean([0]);
        var centred = features - mu;
        return (mu, centred.t().matmul(centred) / (features.shape[0] - 1));
    }
}
