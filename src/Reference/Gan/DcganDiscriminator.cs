using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Gan;

/// <summary>
/// A DCGAN discriminator for 16×16 images, the mirror of <see cref="DcganGenerator"/>: Conv2d(nc, ndf, 4, 2, 1) → 8×8,
/// LeakyReLU(0.2) (no BN on the first layer); Conv2d(ndf, 2·ndf, 4, 2, 1) → 4×4, BN, LeakyReLU(0.2);
/// Conv2d(2·ndf, 1, 4, 1, 0) → 1×1, flattened to (B,) logits (no sigmoid: the losses take logits).
/// </summary>
public sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Conv2d conv3;

    public DcganDiscriminator(long ndf, long nc, ScalarType dtype = ScalarType.Float64) : base(nameof(DcganDiscriminator))
    {
        conv1 = Conv2d(nc, ndf, 4, stride: 2, padding: 1, bias: false, dtype: dtype);
        conv2 = Conv2d(ndf, 2 * ndf, 4, stride: 2, padding: 1, bias: false, dtype: dtype);
        bn2 = BatchNorm2d(2 * ndf, eps: 1e-5, dtype: dtype);
        conv3 = Conv2d(2 * ndf, 1, 4, stride: 1, padding: 0L, bias: false, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>conv1.weight (ndf, nc, 4, 4), conv2.weight (2ndf, ndf, 4, 4), bn2.weight, bn2.bias, conv3.weight (1, 2ndf, 4, 4).</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        conv1.weight!.copy_(p["conv1.weight"]);
        conv2.weight!.copy_(p["conv2.weight"]);
        bn2.weight!.copy_(p["bn2.weight"]);
        bn2.bias!.copy_(p["bn2.bias"]);
        conv3.weight!.copy_(p["conv3.weight"]);
    }

    public override Tensor forward(Tensor images) => Forward(images, null);

    public Tensor Forward(Tensor images, StageTrace? trace)
    {
        var h = trace.Keep("block1", functional.leaky_relu(conv1.call(images), 0.2));
        h = trace.Keep("block2", functional.leaky_relu(bn2.call(conv2.call(h)), 0.2));
        return conv3.call(h).reshape(-1);
    }
}
