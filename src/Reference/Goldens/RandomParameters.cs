using static TorchSharp.torch;

namespace Course.Reference.Goldens;

/// <summary>
/// Random weights in the course's dict layout (<c>x @ w + b</c>, w is in × out), drawn in float64 from the
/// seeded generator and stored in the test's dtype. Scaled like a fresh layer, so activations stay near 1.
/// </summary>
public static class RandomParameters
{
    static string Key(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    public static void Linear(Dictionary<string, Tensor> p, string prefix, long inFeatures, long outFeatures, ScalarType dtype,
        string weight = "w", string bias = "b")
    {
        p[Key(prefix, weight)] = (randn([inFeatures, outFeatures], ScalarType.Float64) / Math.Sqrt(inFeatures)).to_type(dtype);
        p[Key(prefix, bias)] = (randn([outFeatures], ScalarType.Float64) * 0.1).to_type(dtype);
    }

    /// <summary>w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o, each (D, D) and (D).</summary>
    public static void Attention(Dictionary<string, Tensor> p, string prefix, long dModel, ScalarType dtype)
    {
        foreach (var n in new[] { "q", "k", "v", "o" })
            Linear(p, prefix, dModel, dModel, dtype, $"w_{n}", $"b_{n}");
    }

    /// <summary>weight near 1 and bias near 0, but not exactly, so a forgotten affine step shows.</summary>
    public static void LayerNorm(Dictionary<string, Tensor> p, string prefix, long d, ScalarType dtype)
    {
        p[Key(prefix, "weight")] = (1 + 0.1 * randn([d], ScalarType.Float64)).to_type(dtype);
        p[Key(prefix, "bias")] = (0.1 * randn([d], ScalarType.Float64)).to_type(dtype);
    }

    public static Dictionary<string, Tensor> ToFloat64(this Dictionary<string, Tensor> p) =>
        p.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float64));
}
