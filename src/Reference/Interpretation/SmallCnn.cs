using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Interpretation;

/// <summary>
/// The classifier a14 explains and attacks: conv (Conv2d(C, hidden, 3, stride 1, padding 1), with bias) → ReLU →
/// flatten in (channel, row, column) order → fc (Linear(hidden·H·W, K), with bias) → K logits per image. No BatchNorm
/// and no dropout, so every image's logits depend on that image alone and the model has no train/eval difference.
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>
{
    readonly Conv2d conv;
    readonly Linear fc;

    public SmallCnn(long channels, long hidden, long height, long width, long classes, ScalarType dtype = ScalarType.Float64)
        : base(nameof(SmallCnn))
    {
        conv = Conv2d(channels, hidden, 3, stride: 1, padding: 1, dtype: dtype);
        fc = Linear(hidden * height * width, classes, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>
    /// The smallest |pre-activation| of the ReLU over every forward pass so far. A gradient jumps where a unit sits
    /// at its kink, so the golden generator refuses inputs that come near one (float32 could land on the other side).
    /// </summary>
    public double ClosestToKink { get; private set; } = double.PositiveInfinity;

    /// <summary>conv.weight (hidden, C, 3, 3), conv.bias (hidden), fc.weight (K, hidden·H·W), fc.bias (K): PyTorch's layouts.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        conv.weight!.copy_(p["conv.weight"]);
        conv.bias!.copy_(p["conv.bias"]);
        fc.weight!.copy_(p["fc.weight"]);
        fc.bias!.copy_(p["fc.bias"]);
    }

    public override Tensor forward(Tensor x)
    {
        var pre = conv.call(x);
        ClosestToKink = Math.Min(ClosestToKink, pre.detach().abs().min().item<double>());
        return fc.call(functional.relu(pre).flatten(1));
    }
}
