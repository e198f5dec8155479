using Course.Reference.Attention;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Transformer;

/// <summary>
/// One encoder layer of "Attention Is All You Need" (§3.1), post-norm as in the paper:
/// h = LayerNorm(x + SelfAttention(x)), out = LayerNorm(h + W₂ ReLU(W₁ h + b₁) + b₂). No dropout (grading time).
/// Field names are PyTorch's TransformerEncoderLayer's.
/// </summary>
public sealed class TransformerEncoderLayer : Module<Tensor, Tensor?, Tensor>
{
    readonly MultiHeadAttention self_attn;
    readonly Linear linear1;
    readonly Linear linear2;
    readonly LayerNorm norm1;
    readonly LayerNorm norm2;

    public TransformerEncoderLayer(long d_model, long nhead, long dim_feedforward, double layer_norm_eps = 1e-5, ScalarType dtype = ScalarType.Float64)
        : base(nameof(TransformerEncoderLayer))
    {
        self_attn = new MultiHeadAttention(d_model, nhead, dtype);
        linear1 = Linear(d_model, dim_feedforward, dtype: dtype);
        linear2 = Linear(dim_feedforward, d_model, dtype: dtype);
        norm1 = LayerNorm(d_model, layer_norm_eps, dtype: dtype);
        norm2 = LayerNorm(d_model, layer_norm_eps, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>Loads the course's dict: self_attn.{w_q…b_o}, linear1.{w,b}, linear2.{w,b}, norm1.{weight,bias}, norm2.{weight,bias}.</summary>
    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        self_attn.LoadCourseParameters(CourseParameters.Under(p, "self_attn"));
        CourseParameters.LoadLinear(linear1, p["linear1.w"], p["linear1.b"]);
        CourseParameters.LoadLinear(linear2, p["linear2.w"], p["linear2.b"]);
        CourseParameters.LoadLayerNorm(norm1, p["norm1.weight"], p["norm1.bias"]);
        CourseParameters.LoadLayerNorm(norm2, p["norm2.weight"], p["norm2.bias"]);
    }

    /// <param name="mask">(B, L, L) or broadcastable, true where a query may attend.</param>
    public override Tensor forward(Tensor x, Tensor? mask) => Forward(x, mask, null);

    public Tensor Forward(Tensor x, Tensor? mask, StageTrace? trace)
    {
        var (attended, weights) = self_attn.call(x, x, x, mask);
        trace.Keep("self_attn_weights", weights);
        trace.Keep("self_attn", attended);
        var h = trace.Keep("norm1", norm1.call(x + attended));
        var ff = trace.Keep("ffn", linear2.call(functional.relu(linear1.call(h))));
        return norm2.call(h + ff);
    }
}
