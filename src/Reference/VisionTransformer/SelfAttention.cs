using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// Multi-head self-attention as timm's ViT writes it: one fused qkv Linear (D → 3D) whose output splits into q, k, v
/// (in that order), each split into heads of D/h consecutive features; softmax(q kᵀ / √(D/h)) v per head; heads side
/// by side; then proj. The same layout as nn.MultiheadAttention's in_proj_weight.
/// </summary>
public sealed class SelfAttention : Module<Tensor, Tensor>
{
    readonly long num_heads;
    readonly Linear qkv;
    readonly Linear proj;

    public SelfAttention(long dim, long num_heads, ScalarType dtype = ScalarType.Float64) : base(nameof(SelfAttention))
    {
        if (dim % num_heads != 0) throw new ArgumentException($"dim {dim} is not divisible by num_heads {num_heads}");
        this.num_heads = num_heads;
        qkv = Linear(dim, 3 * dim, dtype: dtype);
        proj = Linear(dim, dim, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>qkv.weight (3D, D), qkv.bias (3D), proj.weight (D, D), proj.bias (D): PyTorch's Linear layout.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        qkv.weight!.copy_(p["qkv.weight"]);
        qkv.bias!.copy_(p["qkv.bias"]);
        proj.weight!.copy_(p["proj.weight"]);
        proj.bias!.copy_(p["proj.bias"]);
    }

    public override Tensor forward(Tensor x)
    {
        var (b, l, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var headDim = d / num_heads;
        var parts = qkv.call(x).reshape(b, l, 3, num_heads, headDim).permute(2, 0, 3, 1, 4); // (3, B, h, L, D/h)
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var weights = functional.softmax(q.matmul(k.transpose(-2, -1)) / Math.Sqrt(headDim), -1);
        return proj.call(weights.matmul(v).transpose(1, 2).reshape(b, l, d));
    }
}
