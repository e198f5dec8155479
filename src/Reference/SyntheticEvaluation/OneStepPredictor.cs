using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// The post-hoc predictor of the predictive score, here linear: from the first F − 1 features of step t it predicts
/// the last feature of step t + 1, ŷ[n, t] = Σ_f x[n, t, f] · weight[f] + bias for t = 0 … T − 2. Trained full-batch
/// with plain gradient descent on the mean squared error over all N · (T − 1) targets.
/// </summary>
public static class OneStepPredictor
{
    /// <summary>(inputs, targets): x[:, :T−1, :F−1] and x[:, 1:, F−1].</summary>
    public static (Tensor Inputs, Tensor Targets) Slice(Tensor x) => (x[.., ..^1, ..^1], x[.., 1.., -1]);

    public static Tensor Predict(Tensor inputs, Tensor weight, Tensor bias) => inputs.matmul(weight) + bias;

    /// <summary>L = mean((ŷ − y)²); ∂L/∂weight = 2 Σ (ŷ − y) x / (N (T − 1)), ∂L/∂bias = 2 mean(ŷ − y).</summary>
    public static (Tensor Weight, Tensor Bias) Train(Tensor x, Tensor weight, Tensor bias, long steps, double lr)
    {
        var (inputs, targets) = Slice(x);
        var count = targets.numel();
        for (var step = 0; step < steps; step++)
        {
            var residual = Predict(inputs, weight, bias) - targets;
            (weight, bias) = (weight - lr * 2 * einsum("ntf,nt->f", inputs, residual) / count, bias - lr * 2 * residual.mean());
        }
        return (weight, bias);
    }
}
