using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// One full-batch SGD step of a LoRA layer on the mean squared error L = mean((h − target)²) over every element:
/// the gradient reaches A and B only, so W₀ and the bias come out of the step unchanged.
/// </summary>
public static class LoraSgdStep
{
    public static (Tensor Loss, Tensor GradA, Tensor GradB, long Trainable) Take(LoraLinear layer, Tensor x, Tensor target, double lr)
    {
        var trainable = layer.parameters().Where(p => p.requires_grad).ToList();
        var optimizer = optim.SGD(trainable, lr);
        optimizer.zero_grad();
        var loss = functional.mse_loss(layer.call(x), target);
        loss.backward();
        var (gradA, gradB) = (layer.A.grad!.detach().clone(), layer.B.grad!.detach().clone());
        optimizer.step();
        return (loss.detach(), gradA, gradB, trainable.Sum(p => p.numel()));
    }
}
