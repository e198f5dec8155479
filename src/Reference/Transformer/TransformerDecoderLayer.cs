using Course.Reference.Attention;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Transformer;

/// <summary>
/// One decoder layer of "Attention Is All You Need" (§3.1), post-norm: masked (causal) self-attention, then
/// attention over the encoder's output (memory), then the feed-forward network, each followed by a residual
/// connection and LayerNorm. No dropout. Field names are PyTorch's TransformerDecoderLayer's (multihead_attn is
/// the cross-attention).
/// </summary>
public sealed class TransformerDecoderLayer : Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    readonly MultiHeadAttention self_attn;
    readonly MultiHeadAttention multihead_attn;
    readonly Linear linear1;
    readonly Linear linear2;
    readonly LayerNorm norm1;
    readonly LayerNorm norm2;
    readonly LayerNorm norm3;

    public TransformerDecoderLayer(long d_model, long nhead, long dim_feedforward, double layer_norm_eps = 1e-5, ScalarType dtype = ScalarType.Float64)
        : base(nameof(TransformerDecoderLayer))
    {
        self_attn = new MultiHeadAttention(d_model, nhead, dtype);
        multihead_attn = new MultiHeadAttention(d_model, nhead, dtype);
        linear1 = Linear(d_model, dim_feedforward, dtype: dtype);
        linear2 = Linear(dim_feedforward, d_model, dtype: dtype);
        norm1 = LayerNorm(d_model, layer_norm_eps, dtype: dtype);
        norm2 = LayerNorm(d_model, layer_norm_eps, dtype: dtype);
        norm3 = LayerNorm(d_model, layer_norm_eps, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The encoder's keys plus multihead_attn.{w_q…b_o} and norm3.{weight,bias}.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        self_attn.LoadCourseParameters(CourseParameters.Under(p, "self_attn"));
        multihead_attn.LoadCourseParameters(CourseParameters.Under(p, "multihead_attn"));
        CourseParameters.LoadLinear(linear1, p["linear1.w"], p["linear1.b"]);
        CourseParameters.LoadLinear(linear2, p["linear2.w"], p["linear2.b"]);
        CourseParameters.LoadLayerNorm(norm1, p["norm1.weight"], p["norm1.bias"]);
        CourseParameters.LoadLayerNorm(norm2, p["norm2.weight"], p["norm2.bias"]);
        CourseParameters.LoadLayerNorm(norm3, p["norm3.weight"], p["norm3.bias"]);
    }

    /// <param name="selfMask">(B, Lt, Lt), true where a target position may attend; the causal mask already applied.</param>
    /// <param name="memoryMask">(B, Lt, Ls) or broadcastable, true where a target position may attend to the memory.</param>
    public override Tensor forward(Tensor x, Tensor memory, Tensor? selfMask, Tensor? memoryMask) => Forward(x, memory, selfMask, memoryMask, null);

    public Tensor Forward(Tensor x, Tensor memory, Tensor? selfMask, Tensor? memoryMask, StageTrace? trace)
    {
        var (attended, weights) = self_attn.call(x, x, x, selfMask);
        trace.Keep("self_attn_weights", weights);
        trace.Keep("self_attn", attended);
        var h1 = trace.Keep("norm1", norm1.call(x + attended));
        var (crossed, crossWeights) = multihead_attn.call(h1, memory, memory, memoryMask);
        trace.Keep("multihead_attn_weights", crossWeights);
        trace.Keep("multihead_attn", crossed);
        var h2 = trace.Keep("norm2", norm2.call(h1 + crossed));
        var ff = trace.Keep("ffn", linear2.call(functional.relu(linear1.call(h2))));
        return norm3.call(h2 + ff);
    }

    /// <summary>Lower-triangular (L, L): position i sees positions 0…i.</summary>
    public static Tensor CausalMask(long length) => ones([length, length], ScalarType.Bool).tril();
}
