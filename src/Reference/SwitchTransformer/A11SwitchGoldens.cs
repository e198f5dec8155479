using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// a11-switch: the top-1 router, the expert capacity, dispatch and combine with token-order dropping, the
/// load-balancing and z-losses, and the whole Switch feed-forward layer from given weights. Every input is drawn here
/// from the test's seed, stored in the test's dtype, and the reference reads back what was stored.
/// </summary>
public sealed class A11SwitchGoldens : IGoldenGenerator
{
    public string Name => "a11-switch";

    /// <summary>
    /// The smallest gap allowed between a token's two largest router logits (unless they tie exactly): float32 logits
    /// are off by ~1e-6 here, so a smaller gap could let rounding choose another expert.
    /// </summary>
    const double MinLogitGap = 1e-3;

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        switch (test.Entry)
        {
            case "top1_router": Router(test, p, set, call, dtype); break;
            case "expert_capacity":
            {
                var (tokens, experts, cf) = (p.Int("tokens"), p.Int("experts"), p.Double("capacity_factor"));
                set.Value(call, "tokens", tokens);
                set.Value(call, "num_experts", experts);
                set.Value(call, "capacity_factor", cf);
                set.Expect(call, "capacity", tensor((double)ExpertCapacity.Of(tokens, experts, cf)));
                break;
            }
            case "dispatch_and_combine":
            {
                var probs = Stored(Probabilities(p));
                var capacity = p.Int("capacity");
                set.Input(call, "router_probs", probs.to_type(dtype));
                set.Value(call, "capacity", capacity);
                var trace = new StageTrace();
                var routing = TokenDispatch.Route(probs, capacity, trace);
                RequireDrops(test, p, routing.Kept);
                set.Expect(call, "dispatch", routing.Dispatch);
                set.Expect(call, "combine", routing.Combine);
                set.Expect(call, "kept", routing.Kept);
                set.ExpectStages(call, trace);
                break;
            }
            case "load_balancing_loss":
            {
                var probs = Stored(Probabilities(p));
                var (expertIndex, _) = Top1Router.Choose(probs);
                var alpha = p.Double("alpha");
                set.Input(call, "router_probs", probs.to_type(dtype));
                set.Input(call, "expert_index", expertIndex);
                set.Value(call, "alpha", alpha);
                var trace = new StageTrace();
                set.Expect(call, "loss", LoadBalancingLoss.Of(probs, expertIndex, alpha, trace));
                set.ExpectStages(call, trace);
                break;
            }
            case "router_z_loss":
            {
                var logits = Stored(Logits(p) + p.Double("shift"));
                var coefficient = p.Double("coefficient");
                set.Input(call, "router_logits", logits.to_type(dtype));
                set.Value(call, "coefficient", coefficient);
                set.Expect(call, "loss", RouterZLoss.Of(logits, coefficient));
                break;
            }
            case "switch_layer": Layer(test, p, set, call, dtype); break;
            default: throw new ArgumentException($"test '{test.Name}': a11 has no entry point '{test.Entry}'");
        }
    }

    static Tensor Logits(CaseParameters p) =>
        p.Double("scale") * randn([p.Int("groups"), p.Int("tokens"), p.Int("experts")], ScalarType.Float64);

    static Tensor Probabilities(CaseParameters p) => Logits(p).softmax(-1);

    /// <summary>A case marked <c>drops: true</c> must drop at least one token in every group, or it tests no dropping.</summary>
    static void RequireDrops(TestSpec test, CaseParameters p, Tensor kept)
    {
        if (!p.Flag("drops")) return;
        var dropsPerGroup = kept.logical_not().sum([1L]).min().item<long>();
        if (dropsPerGroup == 0)
            throw new InvalidOperationException($"test '{test.Name}': a group drops no token; change the case");
    }

    /// <summary>Gap between the two largest logits of each token (… , E) → (…).</summary>
    static Tensor TopTwoGap(Tensor logits)
    {
        var top = logits.topk(2, -1).values;
        return top.select(-1, 0) - top.select(-1, 1);
    }

    /// <summary>Draws x until no token's two best experts lie within <see cref="MinLogitGap"/> (seeded, so deterministic).</summary>
    static Tensor TokensWithClearWinners(TestSpec test, long[] shape, Tensor w, Func<Tensor, Tensor> stored)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var x = stored(randn(shape, ScalarType.Float64));
            if (TopTwoGap(x.matmul(w)).min().item<double>() >= MinLogitGap) return x;
        }
        throw new InvalidOperationException($"test '{test.Name}': no draw keeps the router's top two logits apart; change the case");
    }

    static void Router(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (groups, tokens, d, experts) = (p.Int("groups"), p.Int("tokens"), p.Int("d_model"), p.Int("experts"));
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        Tensor x, w;
        if (p.Flag("ties"))
        {
            // Values on a grid of quarters: every product and sum is exact in float32 and float64 in any order, so a
            // duplicated router column gives bit-identical logits, and distinct logits differ by at least 1/16.
            x = randint(-4, 5, [groups, tokens, d], ScalarType.Float64) / 4;
            w = randint(-4, 5, [d, experts], ScalarType.Float64) / 4;
            var (copyOf, copyTo) = (p.Int("tie_from"), p.Int("tie_to"));
            w[TensorIndex.Colon, copyTo] = w[TensorIndex.Colon, copyOf];
            var logits = x.matmul(w);
            var tied = logits.select(-1, copyOf).eq(logits.max(-1).values).sum().item<long>();
            if (tied < 2)
                throw new InvalidOperationException($"test '{test.Name}': only {tied} token(s) tie between experts {copyOf} and {copyTo}; change the case");
        }
        else
        {
            w = Stored(randn([d, experts], ScalarType.Float64) * p.Double("scale") / Math.Sqrt(d));
            x = TokensWithClearWinners(test, [groups, tokens, d], w, Stored);
        }
        set.Input(call, "x", x.to_type(dtype));
        set.Input(call, "w_router", w.to_type(dtype));
        var logitsOut = x.matmul(w);
        var (probs, expertIndex, gate) = Top1Router.Top1(logitsOut);
        set.Expect(call, "router_probs", probs);
        set.Expect(call, "expert_index", expertIndex);
        set.Expect(call, "gate", gate);
        set.ExpectStage(call, "router_logits", logitsOut);
    }

    static void Layer(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (groups, tokens, d, dFf, experts) = (p.Int("groups"), p.Int("tokens"), p.Int("d_model"), p.Int("d_ff"), p.Int("experts"));
        var cf = p.Double("capacity_factor");
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        // Weights scaled like a fresh layer (1/√fan_in), so the expert outputs stay near unit size.
        var weights = new Dictionary<string, Tensor>
        {
            ["router"] = Stored(randn([d, experts], ScalarType.Float64) * p.Double("scale") / Math.Sqrt(d)),
            ["wi"] = Stored(randn([experts, d, dFf], ScalarType.Float64) / Math.Sqrt(d)),
            ["wo"] = Stored(randn([experts, dFf, d], ScalarType.Float64) / Math.Sqrt(dFf)),
        };
        var x = TokensWithClearWinners(test, [groups, tokens, d], weights["router"], Stored);
        var (alpha, zCoefficient) = (p.Double("alpha"), p.Double("z_coefficient"));
        set.Input(call, "x", x.to_type(dtype));
        set.InputDict(call, "params", weights.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(dtype)));
        set.Value(call, "capacity_factor", cf);
        set.Value(call, "alpha", alpha);
        set.Value(call, "z_coefficient", zCoefficient);

        using var layer = new SwitchLayerFF(d, dFf, experts, cf);
        layer.LoadCourseParameters(weights);
        var trace = new StageTrace();
        using var _ = no_grad();
        var (output, auxLoss, zLoss) = layer.Forward(x, alpha, zCoefficient, trace);
        RequireDrops(test, p, trace.Stages.Single(s => s.Name == "kept").Value);
        set.Expect(call, "output", output);
        set.Expect(call, "aux_loss", auxLoss);
        set.Expect(call, "z_loss", zLoss);
        set.ExpectStages(call, trace);
    }
}
