using static TorchSharp.torch;

namespace Course.Reference.Gan;

/// <summary>
/// The WGAN-GP penalty (Gulrajani et al., 2017, Algorithm 1): x̂ = ε·x_real + (1 − ε)·x_fake with one ε per sample;
/// λ · mean_b (‖∇_x̂ C(x̂)_b‖₂ − 1)², the norm over all of a sample's C·H·W values, λ = 10. The input gradient is
/// taken with create_graph so the penalty can itself be differentiated w.r.t. the critic's parameters.
/// </summary>
public static class GradientPenalty
{
    public const double Lambda = 10.0;

    public static Tensor Interpolate(Tensor real, Tensor fake, Tensor eps)
    {
        var e = eps.reshape(eps.shape[0], 1, 1, 1);
        return e * real + (1 - e) * fake;
    }

    /// <summary>The penalty and its gradient w.r.t. each critic parameter (in <see cref="GpCritic.Named"/>'s order).</summary>
    public static (Tensor Xhat, Tensor Penalty, Tensor[] ParameterGradients) Compute(GpCritic critic, Tensor real, Tensor fake, Tensor eps,
        StageTrace? trace = null)
    {
        var xhat = Interpolate(real, fake, eps).detach().requires_grad_(true);
        var scores = trace.Keep("scores", critic.call(xhat));
        // Summing the scores gives each sample's own gradient because the critic treats samples independently (no BN).
        // TorchSharp, unlike PyTorch, does not default retain_graph to create_graph: both are needed for the second pass.
        var inputGradient = trace.Keep("input_grad", autograd.grad([scores.sum()], [xhat], retain_graph: true, create_graph: true)[0]);
        var norm = trace.Keep("grad_norm", inputGradient.reshape(inputGradient.shape[0], -1).pow(2).sum(1).sqrt());
        var penalty = Lambda * (norm - 1).pow(2).mean();
        // backward() rather than autograd.grad: fc.bias does not reach the input gradient at all, and an unused
        // parameter simply keeps no .grad (its gradient is zero).
        penalty.backward();
        var gradients = critic.Named().Select(p => p.Value.grad is { } g ? g.detach().clone() : zeros_like(p.Value)).ToArray();
        return (xhat.detach(), penalty.detach(), gradients);
    }
}
