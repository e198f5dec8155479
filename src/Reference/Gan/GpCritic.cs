using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Gan;

/// <summary>
/// The small critic of a07's gradient-penalty tests. No BatchNorm (WGAN-GP §4: it would mix the samples of a
/// batch, and the penalty is per sample): conv (Conv2d(C, hidden, 4, 2, 1), with bias) → LeakyReLU(0.2) → flatten in
/// (channel, row, column) order → fc (Linear(hidden·H/2·W/2, 1)) → scores of shape (B,).
/// </summary>
public sealed class GpCritic : Module<Tensor, Tensor>
{
    readonly Conv2d conv;
    readonly Linear fc;

    public GpCritic(long channels, long hidden, long height, long width, ScalarType dtype = ScalarType.Float64) : base(nameof(GpCritic))
    {
        conv = Conv2d(channels, hidden, 4, stride: 2, padding: 1, dtype: dtype);
        fc = Linear(hidden * (height / 2) * (width / 2), 1, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>conv.weight (hidden, C, 4, 4), conv.bias (hidden), fc.weight (1, hidden·H/2·W/2), fc.bias (1): PyTorch's layouts.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        conv.weight!.copy_(p["conv.weight"]);
        conv.bias!.copy_(p["conv.bias"]);
        fc.weight!.copy_(p["fc.weight"]);
        fc.bias!.copy_(p["fc.bias"]);
    }

    /// <summary>The parameters in the order the statement lists them, with PyTorch's names.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> Named() =>
        [("conv.weight", conv.weight!), ("conv.bias", conv.bias!), ("fc.weight", fc.weight!), ("fc.bias", fc.bias!)];

    public override Tensor forward(Tensor x)
    {
        var h = functional.leaky_relu(conv.call(x), 0.2);
        return fc.call(h.flatten(1)).reshape(-1);
    }
}
