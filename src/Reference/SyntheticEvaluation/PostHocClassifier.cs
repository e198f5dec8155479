using static TorchSharp.torch;

namespace Course.Reference.SyntheticEvaluation;

/// <summary>
/// The post-hoc discriminator of the discriminative score, here logistic regression on whole sequences:
/// logit(x) = Σ_{t,f} x[t, f] · weight[t, f] + bias, p = σ(logit) = P(real). Trained full-batch with plain gradient
/// descent on the mean binary cross-entropy, whose gradient is closed-form: ∂L/∂weight = Σ_n (p_n − y_n) x_n / N,
/// ∂L/∂bias = Σ_n (p_n − y_n) / N.
/// </summary>
public static class PostHocClassifier
{
    public static Tensor Logits(Tensor x, Tensor weight, Tensor bias) => einsum("ntf,tf->n", x, weight) + bias;

    /// <summary><paramref name="steps"/> updates θ ← θ − lr · ∇L(θ), both parameters from the same θ.</summary>
    public static (Tensor Weight, Tensor Bias) Train(Tensor x, Tensor y, Tensor weight, Tensor bias, long steps, double lr)
    {
        var n = x.shape[0];
        for (var step = 0; step < steps; step++)
        {
            var residual = Logits(x, weight, bias).sigmoid() - y;
            (weight, bias) = (weight - lr * einsum("ntf,n->tf", x, residual) / n, bias - lr * residual.sum() / n);
        }
        return (weight, bias);
    }
}
