using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// The linear projection of flattened patches, E·x_p + b (ViT eq. 1), written as timm writes it: a Conv2d with kernel
/// and stride p, whose output grid is flattened row-major into the token sequence. With bias (timm; OpenAI CLIP's
/// conv1 has none).
/// </summary>
public sealed class PatchEmbed : Module<Tensor, Tensor>
{
    readonly Conv2d proj;

    public PatchEmbed(long in_chans, long patch_size, long embed_dim, ScalarType dtype = ScalarType.Float64) : base(nameof(PatchEmbed))
    {
        proj = Conv2d(in_chans, embed_dim, patch_size, stride: patch_size, bias: true, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>proj.weight (D, C, p, p) and proj.bias (D).</summary>
    public void Load(Tensor weight, Tensor bias)
    {
        using var _ = no_grad();
        proj.weight!.copy_(weight);
        proj.bias!.copy_(bias);
    }

    /// <returns>(B, N, D): (B, D, H/p, W/p) with the grid flattened row-major.</returns>
    public override Tensor forward(Tensor images) => proj.call(images).flatten(2).transpose(1, 2);
}
