using Course.Reference.Attention;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

[Collection(TorchCollection.Name)]
public sealed class AttentionTests
{
    [Fact]
    public void Scaled_dot_product_attention_matches_a_softmax_worked_by_hand()
    {
        using var scope = NewDisposeScope();
        // One query [1, 1] (d = 2) against keys [1, 1] and [0, 0]: scores [2, 0] / √2 = [√2, 0].
        var q = tensor(new[] { 1.0, 1.0 }, [1, 2]);
        var k = tensor(new[] { 1.0, 1.0, 0.0, 0.0 }, [2, 2]);
        var v = tensor(new[] { 10.0, 0.0, 0.0, 10.0 }, [2, 2]);
        var (output, weights) = ScaledDotProductAttention.Forward(q, k, v);

        var w0 = Math.Exp(Math.Sqrt(2)) / (Math.Exp(Math.Sqrt(2)) + 1);
        Assert.Equal(w0, weights[0, 0].item<double>(), 1e-12);
        Assert.Equal(1 - w0, weights[0, 1].item<double>(), 1e-12);
        Assert.Equal(10 * w0, output[0, 0].item<double>(), 1e-12);
        Assert.Equal(10 * (1 - w0), output[0, 1].item<double>(), 1e-12);
    }

    [Fact]
    public void A_masked_key_gets_zero_weight_and_the_rest_renormalise()
    {
        using var scope = NewDisposeScope();
        var q = tensor(new[] { 0.0, 0.0 }, [1, 2]);
        var k = tensor(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 }, [3, 2]);
        var v = tensor(new[] { 1.0, 2.0, 4.0 }, [3, 1]);
        var mask = tensor(new[] { true, false, true }, [1, 3]);
        var (output, weights) = ScaledDotProductAttention.Forward(q, k, v, mask);

        // All scores are 0, so the two visible keys share the weight equally.
        Assert.Equal([0.5, 0.0, 0.5], weights.data<double>().ToArray());
        Assert.Equal(2.5, output.item<double>(), 1e-12);
    }

    [Fact]
    public void One_head_with_identity_projections_and_no_bias_is_plain_attention()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn([2, 4, 3], ScalarType.Float64);
        using var mha = new MultiHeadAttention(3, 1);
        var eye3 = eye(3, dtype: ScalarType.Float64);
        var zero = zeros(3, dtype: ScalarType.Float64);
        mha.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["w_q"] = eye3, ["w_k"] = eye3, ["w_v"] = eye3, ["w_o"] = eye3,
            ["b_q"] = zero, ["b_k"] = zero, ["b_v"] = zero, ["b_o"] = zero,
        });
        using var _ = no_grad();
        var (output, weights) = mha.call(x, x, x, null);
        var (plain, plainWeights) = ScaledDotProductAttention.Forward(x, x, x);

        Assert.True(output.allclose(plain, rtol: 0, atol: 1e-12));
        Assert.Equal([2L, 1, 4, 4], weights.shape);
        Assert.True(weights.squeeze(1).allclose(plainWeights, rtol: 0, atol: 1e-12));
    }
}
