using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// Prefix tuning (Li and Liang, 2021) inside one multi-head self-attention layer: P trained key vectors and P trained
/// value vectors per head are placed in front of the keys and values that the frozen k_proj and v_proj compute from
/// the tokens (they are not projected again). The queries come from the tokens only, so the output has one row per
/// token, as without the prefix. Every query sees every prefix position: the padding mask and the causal mask apply
/// to the token keys only, the causal one shifted by P. The prefix is shaped (h, P, d_head), as PEFT's
/// past_key_values are per layer, and shared by every sequence of the batch.
/// </summary>
public sealed class PrefixSelfAttention : Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    readonly long num_heads;
    readonly Linear q_proj;
    readonly Linear k_proj;
    readonly Linear v_proj;
    readonly Linear out_proj;

    public PrefixSelfAttention(long embed_dim, long num_heads, ScalarType dtype = ScalarType.Float64) : base(nameof(PrefixSelfAttention))
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

    public static readonly string[] Projections = ["q_proj", "k_proj", "v_proj", "out_proj"];

    /// <summary>"q_proj.weight" (d, d), "q_proj.bias" (d), … for k_proj, v_proj, out_proj: nn.Linear's layouts.</summary>
    public void LoadParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        using var _ = no_grad();
        foreach (var (name, linear) in Projections.Zip(new[] { q_proj, k_proj, v_proj, out_proj }))
        {
            linear.weight!.copy_(p[$"{name}.weight"]);
            linear.bias!.copy_(p[$"{name}.bias"]);
        }
    }

    public override Tensor forward(Tensor x, Tensor attentionMask, Tensor prefixKey, Tensor prefixValue) =>
        Forward(x, attentionMask, prefixKey, prefixValue, causal: false);

    /// <param name="x">(B, L, d) token hidden states.</param>
    /// <param name="attentionMask">(B, L), 1 for a real token and 0 for padding.</param>
    /// <param name="prefixKey">(h, P, d_head), the same for every sequence.</param>
    /// <param name="prefixValue">(h, P, d_head).</param>
    public Tensor Forward(Tensor x, Tensor attentionMask, Tensor prefixKey, Tensor prefixValue, bool causal, StageTrace? trace = null)
    {
        var (batch, length) = (x.shape[0], x.shape[1]);
        var prefixLength = prefixKey.shape[1];
        var q = SplitHeads(q_proj.call(x));
        var k = trace.Keep("keys", cat([prefixKey.unsqueeze(0).expand(batch, -1, -1, -1), SplitHeads(k_proj.call(x))], 2));
        var v = trace.Keep("values", cat([prefixValue.unsqueeze(0).expand(batch, -1, -1, -1), SplitHeads(v_proj.call(x))], 2));

        // Which of the P + L keys each query may see: all of the prefix, then the real tokens (and, when causal, only
        // tokens up to the query's own position).
        var visible = cat([ones([batch, prefixLength], ScalarType.Bool), attentionMask.to_type(ScalarType.Bool)], 1)
            .reshape(batch, 1, 1, prefixLength + length);
        if (causal)
        {
            var tokens = ones([length, length], ScalarType.Bool).tril();
            visible = visible.logical_and(cat([ones([length, prefixLength], ScalarType.Bool), tokens], 1));
        }
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);
        var weights = trace.Keep("weights", scores.masked_fill(visible.logical_not(), double.NegativeInfinity).softmax(-1));
        return out_proj.call(MergeHeads(weights.matmul(v)));
    }

    /// <summary>(B, L, d) → (B, h, L, d/h): head j owns the j-th consecutive block of d/h features.</summary>
    Tensor SplitHeads(Tensor t) => t.view(t.shape[0], t.shape[1], num_heads, t.shape[2] / num_heads).transpose(1, 2);

    static Tensor MergeHeads(Tensor t) => t.transpose(1, 2).contiguous().view(t.shape[0], t.shape[2], t.shape[1] * t.shape[3]);
}
