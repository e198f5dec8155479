using Course.Reference.Interpretation;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>
/// a14's reference on one-pixel networks worked by hand (one hidden unit: z_k = fc_k · relu(Σ_ch tap_ch · x_ch + b) +
/// fc.bias_k, the 3×3 kernel's centre tap being the only one that meets a 1×1 image), plus properties on random ones:
/// finite differences, completeness, and PGD staying in the ε-ball and the valid range.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class InterpretationTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    static double[] Values(Tensor t) => t.data<double>().ToArray();

    /// <summary>A network on 1×1 images with one hidden unit: <paramref name="taps"/> per channel, then one fc weight per class.</summary>
    static SmallCnn OnePixel(double[] taps, double bias, double[] fcWeights, double[] fcBias)
    {
        var kernel = new double[taps.Length * 9];
        for (var ch = 0; ch < taps.Length; ch++) kernel[ch * 9 + 4] = taps[ch]; // (1, 1) is the centre of the 3×3 kernel
        var model = new SmallCnn(taps.Length, 1, 1, 1, fcWeights.Length);
        model.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["conv.weight"] = T(kernel, 1, taps.Length, 3, 3),
            ["conv.bias"] = T([bias], 1),
            ["fc.weight"] = T(fcWeights, fcWeights.Length, 1),
            ["fc.bias"] = T(fcBias, fcBias.Length),
        });
        return model;
    }

    static SmallCnn Random(long channels, long hidden, long height, long width, long classes)
    {
        var model = new SmallCnn(channels, hidden, height, width, classes);
        model.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["conv.weight"] = randn([hidden, channels, 3, 3], ScalarType.Float64) / Math.Sqrt(9 * channels),
            ["conv.bias"] = 0.1 * randn([hidden], ScalarType.Float64),
            ["fc.weight"] = randn([classes, hidden * height * width], ScalarType.Float64) / Math.Sqrt(hidden * height * width),
            ["fc.bias"] = 0.1 * randn([classes], ScalarType.Float64),
        });
        return model;
    }

    [Fact]
    public void Saliency_is_the_target_logits_gradient_and_the_map_its_largest_absolute_value_over_channels()
    {
        using var scope = NewDisposeScope();
        // Taps (2, −3), bias 0.1: pre-activations 2·0.2 − 3·0.1 + 0.1 = 0.2 and 2·0.5 − 3·0.3 + 0.1 = 0.2, both on.
        // ∂z_k/∂x = fc_k · taps: class 1 (fc −1) gives (−2, 3), map 3; class 0 (fc 0.5) gives (1, −1.5), map 1.5.
        using var model = OnePixel([2, -3], 0.1, [0.5, -1], [0, 0]);
        var gradient = Saliency.Gradient(model, T([0.2, 0.1, 0.5, 0.3], 2, 2, 1, 1), tensor(new long[] { 1, 0 }));
        Assert.Equal([2L, 2, 1, 1], gradient.shape);
        Assert.Equal([-2.0, 3.0, 1.0, -1.5], Values(gradient));
        var map = Saliency.Map(gradient);
        Assert.Equal([2L, 1, 1], map.shape);
        Assert.Equal([3.0, 1.5], Values(map));
    }

    [Fact]
    public void Gradient_times_input_is_measured_from_the_baseline()
    {
        using var scope = NewDisposeScope();
        // The gradient of class 1 is (−2, 3) (see above); x − 0.5 = (−0.3, −0.4): attribution (0.6, −1.2).
        using var model = OnePixel([2, -3], 0.1, [0.5, -1], [0, 0]);
        var attribution = GradientTimesInput.Compute(model, T([0.2, 0.1], 1, 2, 1, 1), full([1, 2, 1, 1], 0.5, ScalarType.Float64),
            tensor(new long[] { 1 }));
        Assert.Equal(0.6, Values(attribution)[0], 1e-15);
        Assert.Equal(-1.2, Values(attribution)[1], 1e-15);
    }

    [Fact]
    public void Integrated_gradients_take_the_right_riemann_sum_and_report_the_completeness_gap()
    {
        using var scope = NewDisposeScope();
        // z_0 = 2·relu(x − 0.5) + 0.3, from baseline 0 to x = 1 in m = 5 steps: α = 0.2, 0.4, 0.6, 0.8, 1 give
        // pre-activations −0.3, −0.1, 0.1, 0.3, 0.5, so three of the five gradients are 2: IG = 1 · 2 · 3/5 = 1.2
        // (the left sum, α = 0 … 0.8, would count two: 0.8). z_0(1) − z_0(0) = 1.3 − 0.3 = 1, so the gap is 0.2.
        using var model = OnePixel([1], -0.5, [2, 1], [0.3, 0]);
        var trace = new StageTrace();
        var (attributions, gap) = IntegratedGradients.Compute(model, ones([1, 1, 1, 1], ScalarType.Float64),
            zeros([1, 1, 1, 1], ScalarType.Float64), tensor(new long[] { 0 }), 5, trace);
        Assert.Equal(1.2, attributions.item<double>(), 1e-14);
        Assert.Equal(0.2, gap.item<double>(), 1e-14);
        Assert.Equal(1.2, trace.Stages.Single(s => s.Name == "mean_gradient").Value.item<double>(), 1e-14);
    }

    [Fact]
    public void Integrated_gradients_are_exactly_complete_where_no_relu_switches_and_nearly_so_for_many_steps()
    {
        using var scope = NewDisposeScope();
        manual_seed(14);
        var x = rand([2, 2, 3, 4], ScalarType.Float64);
        var baseline = full_like(x, 0.5);
        var target = tensor(new long[] { 2, 0 });
        // A bias of 10 keeps every unit on along the path: the model is linear there and any m is exact.
        using var linear = Random(2, 3, 3, 4, 3);
        using (no_grad())
            linear.named_parameters().Single(p => p.name == "conv.bias").parameter.fill_(10.0);
        var (_, exact) = IntegratedGradients.Compute(linear, x, baseline, target, 3);
        Assert.All(Values(exact), g => Assert.True(Math.Abs(g) < 1e-12, $"gap {g}"));

        // With units switching along the path, the right sum's error shrinks like 1/m.
        using var model = Random(2, 3, 3, 4, 3);
        var (_, coarse) = IntegratedGradients.Compute(model, x, baseline, target, 10);
        var (_, fine) = IntegratedGradients.Compute(model, x, baseline, target, 2000);
        Assert.All(Values(fine), g => Assert.True(Math.Abs(g) < 2e-3, $"gap {g} at m = 2000"));
        Assert.True(Values(fine.abs()).Sum() < Values(coarse.abs()).Sum(), $"{fine.abs().sum().item<double>()} vs {coarse.abs().sum().item<double>()}");
    }

    [Fact]
    public void SmoothGrad_averages_the_raw_gradients_at_the_unclipped_noisy_inputs()
    {
        using var scope = NewDisposeScope();
        // z_0 = 2·relu(x − 0.5) + 0.3 at x = 0.6 with noise ±0.3: on at 0.9 (gradient 2), off at 0.3 (0); the mean is 1.
        using var model = OnePixel([1], -0.5, [2, 1], [0.3, 0]);
        var x = T([0.6], 1, 1, 1, 1);
        Assert.Equal(1.0, SmoothGrad.Compute(model, x, T([0.3, -0.3], 2, 1, 1, 1, 1), tensor(new long[] { 0 })).item<double>(), 1e-15);
        // With the kink at 1.1, noise +0.6 reaches 1.2 (on, gradient 2): were it clipped to 1, the unit would be off.
        using var high = OnePixel([1], -1.1, [2, 1], [0.3, 0]);
        Assert.Equal(1.0, SmoothGrad.Compute(high, x, T([0.6, -0.3], 2, 1, 1, 1, 1), tensor(new long[] { 0 })).item<double>(), 1e-15);
    }

    [Fact]
    public void Fgsm_steps_up_the_loss_gradients_sign_then_clips_and_a_zero_gradient_does_not_move()
    {
        using var scope = NewDisposeScope();
        // Always on (bias 0.1): z = (1, 3)·(x + 0.1). For label 0, ∂CE/∂x = p_1·(3 − 1) > 0, so sign +1:
        // 0.5 → 0.6, and 0.95 → 1.05, clipped to 1.
        using var model = OnePixel([1], 0.1, [1, 3], [0, 0]);
        var adversarial = Fgsm.Attack(model, T([0.5, 0.95], 2, 1, 1, 1), tensor(new long[] { 0, 0 }), 0.1);
        Assert.Equal(0.6, Values(adversarial)[0], 1e-15);
        Assert.Equal(1.0, Values(adversarial)[1]);
        // Equal rows of fc: the logits tie, p = (½, ½) exactly and ∂CE/∂x = (½ − 1)·1 + ½·1 = 0: sign(0) = 0, x stays.
        using var flat = OnePixel([1], 0.1, [1, 1], [0, 0]);
        Assert.Equal(0.5, Fgsm.Attack(flat, T([0.5], 1, 1, 1, 1), tensor(new long[] { 0 }), 0.1).item<double>());
    }

    [Fact]
    public void Pgd_starts_at_the_given_offset_and_steps_then_projects_then_clips()
    {
        using var scope = NewDisposeScope();
        // The gradient's sign is +1 everywhere (as above). ε = 0.1, α = 0.04, δ⁰ = −0.05:
        // 0.5: start 0.45 → 0.49 → 0.53 → 0.57 → 0.61, projected to 0.6 → 0.64, projected to 0.6. Projecting before the
        // step would end at 0.64. 0.98: start 0.93 → 0.97 → 1.01 (inside the ball, clipped to 1) → 1 → 1 → 1.
        using var model = OnePixel([1], 0.1, [1, 3], [0, 0]);
        var x = T([0.5, 0.98], 2, 1, 1, 1);
        var trace = new StageTrace();
        var adversarial = Pgd.Attack(model, x, tensor(new long[] { 0, 0 }), full([2, 1, 1, 1], -0.05, ScalarType.Float64), 0.1, 0.04, 5, trace);
        Assert.Equal(0.6, Values(adversarial)[0], 1e-15);
        Assert.Equal(1.0, Values(adversarial)[1]);
        var start = Values(trace.Stages.Single(s => s.Name == "start").Value);
        Assert.Equal(0.45, start[0], 1e-15);
        Assert.Equal(0.93, start[1], 1e-15);
    }

    [Fact]
    public void Pgd_ends_inside_the_eps_ball_and_the_valid_range()
    {
        using var scope = NewDisposeScope();
        manual_seed(1401);
        using var model = Random(3, 4, 5, 6, 4);
        var x = rand([3, 3, 5, 6], ScalarType.Float64);
        const double eps = 0.08;
        var delta0 = eps * (2 * rand(x.shape, ScalarType.Float64) - 1);
        var adversarial = Pgd.Attack(model, x, tensor(new long[] { 0, 3, 1 }), delta0, eps, 0.03, 10);
        Assert.True((adversarial - x).abs().max().item<double>() <= eps + 1e-15);
        Assert.True(adversarial.min().item<double>() >= 0 && adversarial.max().item<double>() <= 1);
        // And it did move: most pixels end on the ball's surface or at the range's ends.
        var moved = ((adversarial - x).abs() > eps - 1e-12).logical_or(adversarial == 0).logical_or(adversarial == 1);
        Assert.True(moved.to_type(ScalarType.Float64).mean().item<double>() > 0.5);
    }

    [Fact]
    public void Feature_visualization_ascends_the_penalised_logit_and_clips()
    {
        using var scope = NewDisposeScope();
        // z_1 = 3·(x + 0.1): ∂J/∂x = 3 − 2·0.5·x. From 0.5 with lr 0.1: 0.5 + 0.1·2.5 = 0.75, 0.75 + 0.1·2.25 = 0.975,
        // 0.975 + 0.1·2.025 = 1.1775, clipped to 1.
        using var model = OnePixel([1], 0.1, [1, 3], [0, 0]);
        var x0 = T([0.5], 1, 1, 1, 1);
        var target = tensor(new long[] { 1 });
        Assert.Equal(0.975, FeatureVisualization.Ascend(model, x0, target, 0.1, 0.5, 2).item<double>(), 1e-15);
        Assert.Equal(1.0, FeatureVisualization.Ascend(model, x0, target, 0.1, 0.5, 3).item<double>());
    }

    [Fact]
    public void The_input_gradient_agrees_with_central_finite_differences()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = Random(2, 3, 3, 4, 5);
        var x = rand([2, 2, 3, 4], ScalarType.Float64);
        var target = tensor(new long[] { 4, 1 });
        var gradient = Values(Saliency.Gradient(model, x, target));
        const double h = 1e-6;
        var flat = x.reshape(-1);
        for (var i = 0; i < flat.shape[0]; i++)
        {
            var step = zeros_like(flat);
            step[i] = h;
            var up = Saliency.TargetLogits(model, (flat + step).reshape(x.shape), target).sum().item<double>();
            var down = Saliency.TargetLogits(model, (flat - step).reshape(x.shape), target).sum().item<double>();
            Assert.Equal((up - down) / (2 * h), gradient[i], 1e-7);
        }
    }
}
