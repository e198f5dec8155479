using Course.Reference.SwitchTransformer;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a11's reference: capacity, routing, dropping, the layer and its losses, worked by hand on tiny cases.</summary>
[Collection(TorchCollection.Name)]
public sealed class SwitchTransformerTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void The_capacity_rounds_up_and_stays_exact_when_the_ratio_is_whole()
    {
        Assert.Equal(2, ExpertCapacity.Of(12, 8, 1.0));   // 1.5
        Assert.Equal(4, ExpertCapacity.Of(20, 8, 1.25));  // 3.125
        Assert.Equal(5, ExpertCapacity.Of(16, 4, 1.25));  // exactly 5: not 6
        Assert.Equal(7, ExpertCapacity.Of(36, 8, 1.5));   // 6.75
        Assert.Equal(2, ExpertCapacity.Of(8, 4, 1.0));
    }

    [Fact]
    public void The_router_gates_each_token_by_the_probability_of_its_chosen_expert()
    {
        using var scope = NewDisposeScope();
        // Logits (0, ln 3): softmax (1/4, 3/4), expert 1, gate 3/4. Logits (ln 2, 0): (2/3, 1/3), expert 0, gate 2/3.
        var (probs, index, gate) = Top1Router.Top1(T([0, Math.Log(3), Math.Log(2), 0], 1, 2, 2));
        Assert.Equal([0.25, 0.75, 2.0 / 3, 1.0 / 3], probs.data<double>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal([1L, 0L], index.data<long>().ToArray());
        Assert.Equal(0.75, gate[0, 0].item<double>(), 1e-15);
        Assert.Equal(2.0 / 3, gate[0, 1].item<double>(), 1e-15);
    }

    [Fact]
    public void An_exact_tie_goes_to_the_lowest_expert_index()
    {
        using var scope = NewDisposeScope();
        // Experts 1 and 2 tie at logit 3, experts 0 and 3 at 5 (all four in the second token): the lowest index wins.
        var (probs, index, gate) = Top1Router.Top1(T([1, 3, 3, 0, 5, 5, 5, 5], 1, 2, 4));
        Assert.Equal([1L, 0L], index.data<long>().ToArray());
        var e = Math.Exp(1);
        Assert.Equal(Math.Pow(e, 3) / (e + 2 * Math.Pow(e, 3) + 1), gate[0, 0].item<double>(), 1e-15);
        Assert.Equal(0.25, gate[0, 1].item<double>(), 1e-15);
    }

    [Fact]
    public void Tokens_over_capacity_are_dropped_in_token_order_within_each_group()
    {
        using var scope = NewDisposeScope();
        // Capacity 1, two experts. Group 0 routes to 0, 0, 1, 0: token 1 is dropped although its probability (0.9)
        // beats token 0's (0.6): arrival order decides, not confidence. Group 1 routes to 1, 1, 1, 0 and counts its own
        // tokens from zero: its expert 0 is still free for token 3.
        var probs = T([0.6, 0.4, 0.9, 0.1, 0.3, 0.7, 0.8, 0.2,
                       0.25, 0.75, 0.4, 0.6, 0.1, 0.9, 0.55, 0.45], 2, 4, 2);
        var r = TokenDispatch.Route(probs, 1);
        Assert.Equal([0L, 1, 0, 2, 0, 1, 2, 0], r.Position.data<long>().ToArray());
        Assert.Equal([true, false, true, false, true, false, false, true], r.Kept.data<bool>().ToArray());
        Assert.Equal([2L, 4, 2, 1], r.Dispatch.shape);
        // dispatch[g, s, e, 0] is the one slot of each expert; combine carries the gate there.
        Assert.Equal([1.0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], r.Dispatch.flatten().data<double>().ToArray());
        Assert.Equal([0.6, 0, 0, 0, 0, 0.7, 0, 0, 0, 0.75, 0, 0, 0, 0, 0.55, 0], r.Combine.flatten().data<double>().ToArray());
    }

    [Fact]
    public void A_dropped_token_passes_through_the_residual_and_the_load_is_counted_before_dropping()
    {
        using var scope = NewDisposeScope();
        // Router logits (x0, −x0); expert 0 is ReLU, expert 1 is 2·ReLU. Four tokens, capacity ⌈0.5·4/2⌉ = 1.
        // Token 0 (1, 2) → expert 0, gate σ(2): output x + σ(2)·(1, 2). Token 1 (2, 1) → expert 0, full: output x.
        // Token 2 (−1, 0.5) → expert 1, gate σ(2): x + σ(2)·2·(0, 0.5). Token 3 (0.5, −3) → expert 0, full: output x.
        using var layer = new SwitchLayerFF(2, 2, 2, 0.5);
        var eye = T([1, 0, 0, 1], 2, 2);
        layer.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["router"] = T([1, -1, 0, 0], 2, 2),
            ["wi"] = stack([eye, 2 * eye]),
            ["wo"] = stack([eye, eye]),
        });
        var x = T([1, 2, 2, 1, -1, 0.5, 0.5, -3], 1, 4, 2);
        var trace = new StageTrace();
        var (output, aux, z) = layer.Forward(x, 0.01, 1e-3, trace);
        var s2 = Sigmoid(2);
        double[] want = [1 + s2, 2 + 2 * s2, 2, 1, -1, 0.5 + s2, 0.5, -3];
        Assert.Equal(want, output.data<double>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-14);
        Assert.Equal([true, false, true, false], trace.Stages.Single(s => s.Name == "kept").Value.data<bool>().ToArray());
        // f = (3/4, 1/4) from the router's choices, although expert 0 kept one token; P_0 = mean σ(2 x0).
        var p0 = (Sigmoid(2) + Sigmoid(4) + Sigmoid(-2) + Sigmoid(1)) / 4;
        Assert.Equal(0.01 * 2 * (0.75 * p0 + 0.25 * (1 - p0)), aux.item<double>(), 1e-15);
        static double Lse(double a) => Math.Log(Math.Exp(a) + Math.Exp(-a));
        Assert.Equal(1e-3 * new[] { 1.0, 2, -1, 0.5 }.Select(a => Lse(a) * Lse(a)).Average(), z.item<double>(), 1e-15);
    }

    [Fact]
    public void Every_kept_token_gets_its_gate_times_its_experts_output()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var (d, dFf, experts) = (5L, 7L, 3L);
        var p = new Dictionary<string, Tensor>
        {
            ["router"] = randn([d, experts], ScalarType.Float64),
            ["wi"] = randn([experts, d, dFf], ScalarType.Float64),
            ["wo"] = randn([experts, dFf, d], ScalarType.Float64),
        };
        using var layer = new SwitchLayerFF(d, dFf, experts, 1.0);
        layer.LoadCourseParameters(p);
        var x = randn([2, 9, d], ScalarType.Float64);
        var trace = new StageTrace();
        var (output, _, _) = layer.Forward(x, 0.01, 1e-3, trace);
        var kept = trace.Stages.Single(s => s.Name == "kept").Value;
        var probs = trace.Stages.Single(s => s.Name == "router_probs").Value;
        Assert.True(kept.logical_not().any().item<bool>());  // capacity 3 for 9 tokens: some are dropped
        for (var g = 0; g < 2; g++)
            for (var s = 0; s < 9; s++)
            {
                var token = x[g, s];
                var e = probs[g, s].argmax().item<long>();
                var expected = kept[g, s].item<bool>()
                    ? token + probs[g, s, e] * nn.functional.relu(token.matmul(p["wi"][e])).matmul(p["wo"][e])
                    : token;
                Assert.True(output[g, s].allclose(expected, rtol: 0, atol: 1e-12));
            }
    }

    [Fact]
    public void Uniform_routing_gives_exactly_alpha()
    {
        using var scope = NewDisposeScope();
        // f_i = P_i = 1/N for all i: α · N · N · (1/N²) = α.
        var probs = full([2, 8, 4], 0.25, ScalarType.Float64);
        var index = tensor(new long[] { 0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 0, 0, 2, 3, 3, 2 }, [2, 8]);
        Assert.Equal(0.01, LoadBalancingLoss.Of(probs, index, 0.01).item<double>(), 1e-16);
    }

    [Fact]
    public void The_load_balancing_loss_is_taken_per_group_and_then_averaged()
    {
        using var scope = NewDisposeScope();
        // Group 0 sends both tokens to expert 0 with p = (3/4, 1/4): Σ f P = 3/4. Group 1 the mirror image: 3/4.
        // Averaged: α · 2 · 3/4 = 1.5 α. Pooling both groups first would give f = P = (1/2, 1/2) and only α.
        var probs = T([0.75, 0.25, 0.75, 0.25, 0.25, 0.75, 0.25, 0.75], 2, 2, 2);
        var index = tensor(new long[] { 0, 0, 1, 1 }, [2, 2]);
        var trace = new StageTrace();
        Assert.Equal(0.015, LoadBalancingLoss.Of(probs, index, 0.01, trace).item<double>(), 1e-16);
        Assert.Equal([1.0, 0, 0, 1], (trace.Stages[0].Value).data<double>().ToArray());
    }

    [Fact]
    public void The_z_loss_is_the_mean_squared_logsumexp_and_stays_finite_for_large_logits()
    {
        using var scope = NewDisposeScope();
        // Zero logits over four experts: logsumexp = ln 4. Two logits of 1000: 1000 + ln 2, where a naive exp overflows.
        Assert.Equal(1e-3 * Math.Pow(Math.Log(4), 2), RouterZLoss.Of(zeros([2, 3, 4], ScalarType.Float64), 1e-3).item<double>(), 1e-16);
        var large = T([1000, 1000, 0, 0], 2, 2);
        var want = 1e-3 * (Math.Pow(1000 + Math.Log(2), 2) + Math.Pow(Math.Log(2), 2)) / 2;
        Assert.Equal(want, RouterZLoss.Of(large, 1e-3).item<double>(), 1e-10);
    }
}
