using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// One pre-norm encoder block (ViT eq. 2–3): x' = x + MSA(LN(x)), out = x' + MLP(LN(x')). LayerNorm ε = 1e-6 as in
/// timm's ViT. No dropout, no layer scale. Field names are timm's (norm1, attn, norm2, mlp).
/// </summary>
public sealed class Block : Module<Tensor, Tensor>
{
    public const double LayerNormEps = 1e-6;

    readonly LayerNorm norm1;
    readonly SelfAttention attn;
    readonly LayerNorm norm2;
    readonly Mlp mlp;

    public Block(long dim, long num_heads, long mlp_hidden, ScalarType dtype = ScalarType.Float64) : base(nameof(Block))
    {
        norm1 = LayerNorm(dim, LayerNormEps, dtype: dtype);
        attn = new SelfAttention(dim, num_heads, dtype);
        norm2 = LayerNorm(dim, LayerNormEps, dtype: dtype);
        mlp = new Mlp(dim, mlp_hidden, dtype);
        RegisterComponents();
    }

    /// <summary>norm1.{weight,bias}, attn.{qkv,proj}.{weight,bias}, norm2.{weight,bias}, mlp.{fc1,fc2}.{weight,bias}.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> p)
    {
        CourseParameters.LoadLayerNorm(norm1, p["norm1.weight"], p["norm1.bias"]);
        attn.Load(CourseParameters.Under(p, "attn"));
        CourseParameters.LoadLayerNorm(norm2, p["norm2.weight"], p["norm2.bias"]);
        mlp.Load(CourseParameters.Under(p, "mlp"));
    }

    public override Tensor forward(Tensor x) => Forward(x, null);

    public Tensor Forward(Tensor x, StageTrace? trace)
    {
        x = trace.Keep("after_attn", x + attn.call(norm1.call(x)));
        return x + mlp.call(norm2.call(x));
    }
}
