using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// Square roots of symmetric positive semi-definite matrices through their eigendecomposition, with eigenvalues
/// that rounding made slightly negative clamped to 0 (a covariance has none below 0 in exact arithmetic).
/// </summary>
public static class SymmetricSqrt
{
    /// <summary>A^(1/2) = V diag(√max(λ, 0)) Vᵀ for A = V diag(λ) Vᵀ.</summary>
    public static Tensor Of(Tensor a)
    {
        var (lambda, v) = linalg.eigh(a);
        return (v * lambda.clamp_min(0).sqrt()).matmul(v.t());
    }

    /// <summary>Tr A^(1/2) = Σ √max(λ_i, 0), reading the lower triangle of A as eigh does.</summary>
    public static Tensor Trace(Tensor a) => linalg.eigvalsh(a).clamp_min(0).sqrt().sum();
}
