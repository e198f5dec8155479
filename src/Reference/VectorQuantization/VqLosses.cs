using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// The two quantiser terms of the VQ-VAE loss (paper, eq. 3), each the mean over all N·D elements
/// (F.mse_loss, as Sonnet does): codebook loss = mean((sg[z_e] − z_q)²) moves the codebook only; commitment
/// loss = β · mean((z_e − sg[z_q])²) moves the encoder only. Their sum's gradients are returned with respect to
/// z_e (only the commitment term reaches it) and to the codebook (only the codebook term reaches it).
/// </summary>
public static class VqLosses
{
    public static (Tensor CodebookLoss, Tensor CommitmentLoss, Tensor GradZE, Tensor GradCodebook) WithGradients(
        Tensor zE, Tensor codebook, double beta, StageTrace? trace = null)
    {
        var x = zE.detach().clone().requires_grad_(true);
        var e = codebook.detach().clone().requires_grad_(true);
        var (_, zQ) = Quantizer.Forward(x, e);
        trace.Keep("z_q", zQ.detach());
        var codebookLoss = (x.detach() - zQ).pow(2).mean();
        var commitmentLoss = beta * (x - zQ.detach()).pow(2).mean();
        var grads = autograd.grad([codebookLoss + commitmentLoss], [x, e]);
        return (codebookLoss.detach(), commitmentLoss.detach(), grads[0].detach(), grads[1].detach());
    }
}
