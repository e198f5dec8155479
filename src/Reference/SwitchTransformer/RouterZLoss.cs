using static TorchSharp.torch;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// The router z-loss (Zoph et al. 2022, ST-MoE, eq. 5): c_z · mean over every token of (log Σ_i e^{x_i})², the squared
/// log-partition function of the router logits, c_z = 1e-3. It keeps the logits small, so the router's softmax stays
/// accurate in low precision. logsumexp is taken stably (max subtracted).
/// </summary>
public static class RouterZLoss
{
    public const double Coefficient = 1e-3;

    /// <param name="logits">(…, E) router logits; the mean runs over every leading position.</param>
    public static Tensor Of(Tensor logits, double coefficient) => coefficient * logits.logsumexp(-1).pow(2).mean();
}
