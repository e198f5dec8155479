using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Gan;

/// <summary>
/// A DCGAN generator (Radford et al., 2015) for 16×16 images, laid out as in the PyTorch DCGAN tutorial: z of shape
/// (B, nz, 1, 1) goes through ConvTranspose2d(nz, 2·ngf, 4, 1, 0) → 4×4, BN, ReLU; ConvTranspose2d(2·ngf, ngf, 4, 2, 1)
/// → 8×8, BN, ReLU; ConvTranspose2d(ngf, nc, 4, 2, 1) → 16×16, Tanh. No convolution has a bias; BatchNorm uses the
/// batch's statistics (training mode, biased variance, eps 1e-5).
/// </summary>
public sealed class DcganGenerator : Module<Tensor, Tensor>
{
    readonly ConvTranspose2d convt1;
    readonly BatchNorm2d bn1;
    readonly ConvTranspose2d convt2;
    readonly BatchNorm2d bn2;
    readonly ConvTranspose2d convt3;

    public DcganGenerator(long nz, long ngf, long nc, ScalarType dtype = ScalarType.Float64) : base(nameof(DcganGenerator))
    {
        convt1 = ConvTranspose2d(nz, 2 * ngf, 4, stride: 1, padding: 0L, bias: false, dtype: dtype);
        bn1 = BatchNorm2d(2 * ngf, eps: 1e-5, dtype: dtype);
        convt2 = ConvTranspose2d(2 * ngf, ngf, 4, stride: 2, padding: 1, bias: false, dtype: dtype);
        bn2 = BatchNorm2d(ngf, eps: 1e-5, dtype: dtype);
        convt3 = ConvTranspose2d(ngf, nc, 4, stride: 2, padding: 1, bias: false, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>convt1.weight (nz, 2ngf, 4, 4), bn1.weight, bn1.bias, convt2.weight (2ngf, ngf, 4, 4), bn2.weight, bn2.bias, convt3.weight (ngf, nc, 4, 4).</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        convt1.weight!.copy_(p["convt1.weight"]);
        bn1.weight!.copy_(p["bn1.weight"]);
        bn1.bias!.copy_(p["bn1.bias"]);
        convt2.weight!.copy_(p["convt2.weight"]);
        bn2.weight!.copy_(p["bn2.weight"]);
        bn2.bias!.copy_(p["bn2.bias"]);
        convt3.weight!.copy_(p["convt3.weight"]);
    }

    public override Tensor forward(Tensor z) => Forward(z, null);

    public Tensor Forward(Tensor z, StageTrace? trace)
    {
        var h = trace.Keep("block1", functional.relu(bn1.call(convt1.call(z))));
        h = trace.Keep("block2", functional.relu(bn2.call(convt2.call(h))));
        return tanh(convt3.call(h));
    }
}
