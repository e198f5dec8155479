using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.StyleTransfer;

/// <summary>
/// The small fixed convolutional network of a04 (no pre-trained weights can be downloaded): conv1 (3 → C1, 3×3,
/// padding 1), ReLU, conv2 (C1 → C2, 3×3, padding 1), ReLU. Field names and weight layout are PyTorch's Conv2d's.
/// </summary>
public sealed class FeatureNet : Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly Conv2d conv2;

    public FeatureNet(long hidden, long channels, ScalarType dtype = ScalarType.Float64) : base(nameof(FeatureNet))
    {
        conv1 = Conv2d(3, hidden, 3, padding: 1, dtype: dtype);
        conv2 = Conv2d(hidden, channels, 3, padding: 1, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>conv1.weight (C1, 3, 3, 3), conv1.bias, conv2.weight (C2, C1, 3, 3), conv2.bias.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        conv1.weight!.copy_(p["conv1.weight"]);
        conv1.bias!.copy_(p["conv1.bias"]);
        conv2.weight!.copy_(p["conv2.weight"]);
        conv2.bias!.copy_(p["conv2.bias"]);
    }

    public override Tensor forward(Tensor image) => Forward(image, null);

    public Tensor Forward(Tensor image, StageTrace? trace)
    {
        var h = trace.Keep("conv1", functional.relu(conv1.call(image)));
        return trace.Keep("conv2", functional.relu(conv2.call(h)));
    }
}
