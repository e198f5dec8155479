using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Attention;

/// <summary>
/// a01-attention: scaled dot-product attention and multi-head attention, on random inputs with
/// none, padding, causal or random masks. Inputs are drawn in float64 and stored in the test's
/// dtype; expected outputs are computed in float64 from the stored inputs.
/// </summary>
public sealed class A01AttentionGoldens : IGoldenGenerator
{
    public string Name => "a01-attention";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        switch (test.Entry)
        {
            case "scaled_dot_product_attention": ScaledDotProduct(test, p, set); break;
            case "multi_head_attention": MultiHead(test, p, set); break;
            default: throw new ArgumentException($"test '{test.Name}': a01 has no entry point '{test.Entry}'");
        }
    }

    static void ScaledDotProduct(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var batch = p.Dims("batch");
        var (lq, lk, d, dv) = (p.Int("lq"), p.Int("lk"), p.Int("d"), p.Int("dv", p.Int("d")));
        var dtype = p.DType();
        var q = randn([.. batch, lq, d], ScalarType.Float64).to_type(dtype);
        var k = randn([.. batch, lk, d], ScalarType.Float64).to_type(dtype);
        var v = randn([.. batch, lk, dv], ScalarType.Float64).to_type(dtype);
        var mask = Masks.Make(p.Text("mask", "none"), batch, lq, lk, perQuery: false);

        var call = set.Call(test.Name, test.Entry);
        set.Input(call, "q", q);
        set.Input(call, "k", k);
        set.Input(call, "v", v);
        set.OptionalInput(call, "mask", mask);

        var (output, weights) = ScaledDotProductAttention.Forward(
            q.to_type(ScalarType.Float64), k.to_type(ScalarType.Float64), v.to_type(ScalarType.Float64), mask);
        set.Expect(call, "output", output);
        set.Expect(call, "weights", weights);
    }

    static void MultiHead(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var (b, lq, dModel, heads) = (p.Int("batch"), p.Int("lq"), p.Int("d_model"), p.Int("heads"));
        var selfAttention = p.Flag("self");
        var lk = selfAttention ? lq : p.Int("lk");
        var dtype = p.DType();
        var query = randn([b, lq, dModel], ScalarType.Float64).to_type(dtype);
        var key = selfAttention ? query : randn([b, lk, dModel], ScalarType.Float64).to_type(dtype);
        var value = selfAttention ? query : randn([b, lk, dModel], ScalarType.Float64).to_type(dtype);
        var weights = new Dictionary<string, Tensor>();
        RandomParameters.Attention(weights, "", dModel, dtype);
        var mask = Masks.Make(p.Text("mask", "none"), [b], lq, lk, perQuery: true);

        var call = set.Call(test.Name, test.Entry);
        set.Input(call, "query", query);
        set.Input(call, "key", key);
        set.Input(call, "value", value);
        set.InputDict(call, "params", weights);
        set.Value(call, "num_heads", heads);
        set.OptionalInput(call, "mask", mask);

        using var mha = new MultiHeadAttention(dModel, heads);
        mha.LoadCourseParameters(weights.ToFloat64());
        using var _ = no_grad();
        var (output, attention) = mha.call(query.to_type(ScalarType.Float64), key.to_type(ScalarType.Float64),
            value.to_type(ScalarType.Float64), mask);
        set.Expect(call, "output", output);
        set.Expect(call, "weights", attention);
    }
}
