using Course.Reference.ParameterEfficient;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Tests;

/// <summary>a12's reference: LoRA, prompt and prefix tuning and the adapter worked by hand, their properties, and the counts.</summary>
[Collection(TorchCollection.Name)]
public sealed class ParameterEfficientTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    static LoraLinear Layer(Tensor weight, Tensor bias, Tensor a, Tensor b, double alpha)
    {
        var layer = new LoraLinear(weight.shape[1], weight.shape[0], a.shape[0], alpha);
        layer.Load(weight, bias, a, b);
        return layer;
    }

    [Fact]
    public void A_lora_layer_adds_alpha_over_r_times_B_A_x_to_the_frozen_output()
    {
        using var scope = NewDisposeScope();
        // W₀ = [1, 2], b = 0.5, A = [[1, 1], [0, 1]], B = [2, −1], α = 4, r = 2 → scale 2.
        // x = [1, 3]: W₀x + b = 7.5; A x = [4, 3]; B A x = 8 − 3 = 5; 7.5 + 2·5 = 17.5.
        using var layer = Layer(T([1, 2], 1, 2), T([0.5], 1), T([1, 1, 0, 1], 2, 2), T([2, -1], 1, 2), 4);
        Assert.Equal(2.0, layer.scaling);
        Assert.Equal(17.5, layer.call(T([1, 3], 1, 2)).item<double>(), 1e-14);
        // ΔW = 2·B A = 2·[2, 2 − 1] = [4, 2]; merged [5, 4].
        Assert.Equal([5.0, 4.0], layer.MergedWeight().data<double>().ToArray());
    }

    [Fact]
    public void The_merged_weight_gives_the_same_outputs_and_unmerging_recovers_the_frozen_weight()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var (weight, bias) = (randn([5, 7], ScalarType.Float64), randn([5], ScalarType.Float64));
        var (a, b) = (randn([3, 7], ScalarType.Float64), randn([5, 3], ScalarType.Float64));
        using var layer = Layer(weight, bias, a, b, 6);
        var x = randn([2, 4, 7], ScalarType.Float64);
        var merged = layer.MergedWeight();
        Assert.True(layer.call(x).allclose(functional.linear(x, merged, bias), 1e-12, 1e-12));
        Assert.True(LoraLinear.Unmerge(merged, a, b, 6, 3).allclose(weight, 1e-12, 1e-12));
    }

    [Fact]
    public void With_B_zero_the_layer_is_the_frozen_layer_and_A_gets_no_gradient()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var (weight, bias, a) = (randn([4, 3], ScalarType.Float64), randn([4], ScalarType.Float64), randn([2, 3], ScalarType.Float64));
        using var layer = Layer(weight, bias, a, zeros([4, 2], ScalarType.Float64), 16);
        var x = randn([5, 3], ScalarType.Float64);
        Assert.True(layer.call(x).eq(functional.linear(x, weight, bias)).all().item<bool>());
        var (_, gradA, gradB, _) = LoraSgdStep.Take(layer, x, zeros([5, 4], ScalarType.Float64), 0.1);
        // ∂L/∂A = s·Bᵀ Gᵀ x vanishes with B; ∂L/∂B = s·Gᵀ (x Aᵀ) does not.
        Assert.Equal(0.0, gradA.abs().max().item<double>());
        Assert.True(gradB.abs().max().item<double>() > 0);
    }

    [Fact]
    public void A_step_trains_A_and_B_with_their_closed_form_gradients_and_leaves_the_frozen_layer_alone()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var (weight, bias) = (randn([4, 6], ScalarType.Float64), randn([4], ScalarType.Float64));
        var (a, b) = (randn([2, 6], ScalarType.Float64), randn([4, 2], ScalarType.Float64));
        var (x, target) = (randn([3, 6], ScalarType.Float64), randn([3, 4], ScalarType.Float64));
        using var layer = Layer(weight, bias, a, b, 6);
        var (loss, gradA, gradB, trainable) = LoraSgdStep.Take(layer, x, target, 0.5);

        var s = 6.0 / 2;
        var error = functional.linear(x, weight + s * b.matmul(a), bias) - target;
        var g = 2 * error / error.numel();                       // ∂ mean(e²) / ∂ output
        Assert.Equal(error.pow(2).mean().item<double>(), loss.item<double>(), 1e-12);
        Assert.True(gradB.allclose(s * g.t().matmul(x.matmul(a.t())), 1e-12, 1e-12));
        Assert.True(gradA.allclose(s * b.t().matmul(g.t()).matmul(x), 1e-12, 1e-12));
        Assert.True(layer.A.allclose(a - 0.5 * gradA, 1e-12, 1e-12));
        Assert.True(layer.B.allclose(b - 0.5 * gradB, 1e-12, 1e-12));
        Assert.True(layer.Weight.eq(weight).all().item<bool>());
        Assert.True(layer.Bias.eq(bias).all().item<bool>());
        Assert.Null(layer.Weight.grad);
        Assert.Null(layer.Bias.grad);
        Assert.Equal(2L * (6 + 4), trainable);                     // r·(in + out), the bias not included
    }

    [Fact]
    public void Prompt_tuning_prepends_the_prompt_with_mask_ones_and_ignored_labels()
    {
        using var scope = NewDisposeScope();
        // Vocabulary of 3 one-dimensional embeddings [10, 20, 30]; a prompt of two vectors [−1, −2].
        var ids = tensor(new long[] { 2, 0, 1, 1 }, [2, 2]);
        var mask = tensor(new long[] { 1, 1, 1, 0 }, [2, 2]);
        var labels = tensor(new long[] { 2, 0, 1, -100 }, [2, 2]);
        var (embeds, newMask, newLabels) = PromptTuning.Prepend(ids, mask, labels, T([10, 20, 30], 3, 1), T([-1, -2], 2, 1));
        Assert.Equal([-1.0, -2, 30, 10, -1, -2, 20, 20], embeds.data<double>().ToArray());
        Assert.Equal([2L, 4, 1], embeds.shape);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 0], newMask.data<long>().ToArray());
        Assert.Equal([-100L, -100, 2, 0, -100, -100, 1, -100], newLabels.data<long>().ToArray());
    }

    static PrefixSelfAttention IdentityAttention(long d, long heads)
    {
        var attention = new PrefixSelfAttention(d, heads);
        var p = new Dictionary<string, Tensor>();
        foreach (var name in PrefixSelfAttention.Projections)
        {
            p[$"{name}.weight"] = eye(d, dtype: ScalarType.Float64);
            p[$"{name}.bias"] = zeros([d], ScalarType.Float64);
        }
        attention.LoadParameters(p);
        return attention;
    }

    [Fact]
    public void A_prefix_is_one_more_key_and_value_that_every_query_sees()
    {
        using var scope = NewDisposeScope();
        // One head of width 1, identity projections. Tokens x = [1, 2], prefix key 0, prefix value 4.
        // Query t = x_t; keys [0, 1, 2], values [4, 1, 2]. Causal: query 0 sees the prefix and token 0:
        // scores [0, 1] → weights [1, e]/(1 + e), output (4 + e)/(1 + e). Query 1 sees all three: scores [0, 2, 4].
        using var attention = IdentityAttention(1, 1);
        var x = T([1, 2], 1, 2, 1);
        var output = attention.Forward(x, ones([1, 2], ScalarType.Int64), T([0], 1, 1, 1), T([4], 1, 1, 1), causal: true);
        var e = Math.E;
        var z = 1 + Math.Exp(2) + Math.Exp(4);
        Assert.Equal([2L, 1], output.shape[1..]);
        Assert.Equal((4 + e) / (1 + e), output[0, 0, 0].item<double>(), 1e-12);
        Assert.Equal((4 + Math.Exp(2) + 2 * Math.Exp(4)) / z, output[0, 1, 0].item<double>(), 1e-12);
    }

    [Fact]
    public void Padding_hides_tokens_but_never_the_prefix()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var attention = IdentityAttention(4, 2);
        var x = randn([1, 3, 4], ScalarType.Float64);
        var trace = new StageTrace();
        // Only the first token is real: every query sees the 2 prefix keys and key 2 (token 0), not keys 3 and 4.
        attention.Forward(x, tensor(new long[] { 1, 0, 0 }, [1, 3]), randn([2, 2, 2], ScalarType.Float64),
            randn([2, 2, 2], ScalarType.Float64), causal: true, trace);
        var weights = trace.Stages.Single(s => s.Name == "weights").Value;  // (1, h, L, P + L)
        Assert.Equal([1L, 2, 3, 5], weights.shape);
        Assert.Equal(0.0, weights[.., .., .., 3..].abs().max().item<double>());
        Assert.True(weights[.., .., .., ..2].min().item<double>() > 0);
        Assert.True(weights.sum(-1).allclose(ones([1, 2, 3], ScalarType.Float64), 1e-12, 1e-12));
    }

    [Fact]
    public void An_adapter_adds_its_bottleneck_update_to_its_input()
    {
        using var scope = NewDisposeScope();
        // d = 2, m = 1: down = [1, −1], b_down = 0.5, up = [2, 3]ᵀ, b_up = [0.1, 0].
        // h = [3, 1]: ReLU(3 − 1 + 0.5) = 2.5 → update [5.1, 7.5] → [8.1, 8.5]. h = [0, 2]: ReLU(−1.5) = 0 → h + b_up.
        using var adapter = new BottleneckAdapter(2, 1);
        adapter.LoadParameters(new Dictionary<string, Tensor>
        {
            ["down_proj.weight"] = T([1, -1], 1, 2), ["down_proj.bias"] = T([0.5], 1),
            ["up_proj.weight"] = T([2, 3], 2, 1), ["up_proj.bias"] = T([0.1, 0], 2),
        });
        var output = adapter.call(T([3, 1, 0, 2], 2, 2)).data<double>().ToArray();
        Assert.Equal([8.1, 8.5, 0.1, 2.0], output.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Fact]
    public void The_counts_match_bert_base_and_the_modules_parameters()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(85_054_464L, TrainableParameters.FullFineTuning(768, 12, 3072));
        Assert.Equal(294_912L, TrainableParameters.Lora(768, 12, 8));
        Assert.Equal(15_360L, TrainableParameters.PromptTuning(768, 20));
        Assert.Equal(184_320L, TrainableParameters.PrefixTuning(768, 12, 10));
        // Two adapters per layer, each 2·64·768 + 64 + 768.
        Assert.Equal(12L * 2 * (2 * 64 * 768 + 64 + 768), TrainableParameters.Adapters(768, 12, 64));

        // The same formulas against the modules, for 3 layers of width 10 with r = 2 and m = 3.
        using var lora = new LoraLinear(10, 10, 2, 4);
        var loraPerMatrix = lora.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        Assert.Equal(TrainableParameters.Lora(10, 3, 2), 3 * 2 * loraPerMatrix);
        using var adapter = new BottleneckAdapter(10, 3);
        Assert.Equal(TrainableParameters.Adapters(10, 3, 3), 3 * 2 * adapter.parameters().Sum(p => p.numel()));
        using var attention = new PrefixSelfAttention(10, 2);
        var layerNorms = 2 * 2 * 10;
        var feedForward = 10 * 24 + 24 + 24 * 10 + 10;
        Assert.Equal(TrainableParameters.FullFineTuning(10, 3, 24), 3 * (attention.parameters().Sum(p => p.numel()) + feedForward + layerNorms));
    }
}
