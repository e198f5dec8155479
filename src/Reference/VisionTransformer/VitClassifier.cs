using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.VisionTransformer;

/// <summary>
/// The Vision Transformer classifier (Dosovitskiy et al. 2021, eq. 1–4): z₀ = [x_class; x_p¹E; …; x_pᴺE] + E_pos,
/// the class token at index 0 and pos_embed's row 0 added to it after the concatenation; `depth` pre-norm blocks; a
/// final LayerNorm; and the head applied to the class token's output only. Field names are timm's.
/// </summary>
public sealed class VitClassifier : Module<Tensor, Tensor>
{
    readonly PatchEmbed patch_embed;
    readonly Parameter cls_token;
    readonly Parameter pos_embed;
    readonly ModuleList<Block> blocks;
    readonly LayerNorm norm;
    readonly Linear head;

    public VitClassifier(long in_chans, long patch_size, long num_patches, long embed_dim, long depth, long num_heads,
        long mlp_hidden, long num_classes, ScalarType dtype = ScalarType.Float64) : base(nameof(VitClassifier))
    {
        patch_embed = new PatchEmbed(in_chans, patch_size, embed_dim, dtype);
        cls_token = Parameter(zeros([1, 1, embed_dim], dtype));
        pos_embed = Parameter(zeros([1, num_patches + 1, embed_dim], dtype));
        blocks = new ModuleList<Block>();
        for (var i = 0; i < depth; i++) blocks.Add(new Block(embed_dim, num_heads, mlp_hidden, dtype));
        norm = LayerNorm(embed_dim, Block.LayerNormEps, dtype: dtype);
        head = Linear(embed_dim, num_classes, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>
    /// timm's state-dict names: patch_embed.proj.{weight,bias}, cls_token, pos_embed, blocks.{i}.…, norm.{weight,bias},
    /// head.{weight,bias}. Only the entries present are loaded, so the embedding alone can be used with its four.
    /// </summary>
    public void Load(IReadOnlyDictionary<string, Tensor> p)
    {
        patch_embed.Load(p["patch_embed.proj.weight"], p["patch_embed.proj.bias"]);
        using (no_grad())
        {
            cls_token.copy_(p["cls_token"]);
            pos_embed.copy_(p["pos_embed"]);
        }
        for (var i = 0; i < blocks.Count; i++) blocks[i].Load(CourseParameters.Under(p, $"blocks.{i}"));
        if (p.ContainsKey("norm.weight")) CourseParameters.LoadLayerNorm(norm, p["norm.weight"], p["norm.bias"]);
        if (p.ContainsKey("head.weight")) CourseParameters.LoadLinear(head, p["head.weight"].t(), p["head.bias"]);
    }

    /// <summary>Eq. 1: (B, C, H, W) → (B, N + 1, D), the class token first, position embeddings added to all N + 1.</summary>
    public Tensor Embed(Tensor images, StageTrace? trace)
    {
        var patches = trace.Keep("patch_tokens", patch_embed.call(images));
        var cls = cls_token.expand(patches.shape[0], -1, -1);
        return cat([cls, patches], 1) + pos_embed;
    }

    public override Tensor forward(Tensor images) => Forward(images, null);

    public Tensor Forward(Tensor images, StageTrace? trace)
    {
        var x = trace.Keep("tokens", Embed(images, trace));
        for (var i = 0; i < blocks.Count; i++) x = trace.Keep($"blocks.{i}", blocks[i].call(x));
        // Eq. 4: y = LN(z_L⁰), the class token's output; the head reads it alone (no mean pooling).
        var features = trace.Keep("features", norm.call(x).select(1, 0));
        return head.call(features);
    }
}
