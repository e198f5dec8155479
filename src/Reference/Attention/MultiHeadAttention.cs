using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Attention;

/// <summary>
/// MultiHead(Q, K, V) = Concat(head₁, …, head_h) W^O with headᵢ = Attention(Q W_i^Q, K W_i^K, V W_i^V)
/// ("Attention Is All You Need", §3.2.2). Head i uses the i-th consecutive block of d_model / h
/// projected features. Field names follow the usual PyTorch layout (q_proj, k_proj, v_proj,
/// out_proj) so weights map one-to-one.
/// </summary>
public sealed class MultiHeadAttention : Module<Tensor, Tensor, Tensor, Tensor?, (Tensor Output, Tensor Weights)>
{
    readonly long num_heads;
    readonly Linear q_proj;
    readonly Linear k_proj;
    readonly Linear v_proj;
    readonly Linear out_proj;

    public MultiHeadAttention(long embed_dim, long num_heads, ScalarType dtype = ScalarType.Float64)
        : base(nameof(MultiHeadAttention))
    {
        if (embed_dim % num_heads != 0)
            throw new ArgumentException($"embed_dim {embed_dim} is not divisible by num_heads {num_heads}");
        this.num_heads = num_heads;
        q_proj = Linear(embed_dim, embed_dim, dtype: dtype);
        k_proj = Linear(embed_dim, embed_dim, dtype: dtype);
        v_proj = Linear(embed_dim, embed_dim, dtype: dtype);
        out_proj = Linear(embed_dim, embed_dim, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>Loads weights given in the course's <c>x @ w + b</c> convention (w is in × out).</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        foreach (var (name, linear) in new[] { ("q", q_proj), ("k", k_proj), ("v", v_proj), ("o", out_proj) })
            CourseParameters.LoadLinear(linear, p[$"w_{name}"], p[$"b_{name}"]);
    }

    public override (Tensor Output, Tensor Weights) forward(Tensor query, Tensor key, Tensor value, Tensor? mask)
    {
        var q = SplitHeads(q_proj.call(query));
        var k = SplitHeads(k_proj.call(key));
        var v = SplitHeads(v_proj.call(value));
        // One (B, Lq, Lk) mask applies to every head.
        var headMask = mask?.unsqueeze(1);
        var (attended, weights) = ScaledDotProductAttention.Forward(q, k, v, headMask);
        return (out_proj.call(MergeHeads(attended)), weights);
    }

    /// <summary>(B, L, D) → (B, h, L, D/h).</summary>
    Tensor SplitHeads(Tensor x)
    {
        var (b, l, d) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.view(b, l, num_heads, d / num_heads).transpose(1, 2);
    }

    /// <summary>(B, h, L, D/h) → (B, L, D), heads side by side in order.</summary>
    static Tensor MergeHeads(Tensor x)
    {
        var (b, h, l, dh) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.transpose(1, 2).contiguous().view(b, l, h * dh);
    }
}
