using Course.Reference.Gan;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a07's reference: losses, clipping and a gradient penalty worked by hand, and the DCGAN sizes.</summary>
[Collection(TorchCollection.Name)]
public sealed class GanTests
{
    [Fact]
    public void At_zero_logits_the_discriminator_loss_is_two_log_two_and_the_generator_loss_log_two()
    {
        using var scope = NewDisposeScope();
        // σ(0) = ½: each BCE term is ln 2, and D's loss adds its two means.
        var zero = zeros([3], ScalarType.Float64);
        Assert.Equal(2 * Math.Log(2), GanLosses.Discriminator(zero, zero).item<double>(), 1e-15);
        Assert.Equal(Math.Log(2), GanLosses.Generator(zero).item<double>(), 1e-15);
    }

    [Fact]
    public void Saturated_logits_give_finite_exact_losses()
    {
        using var scope = NewDisposeScope();
        // A real logit of −1000 and a fake one of +1000: −log σ(−1000) = 1000 + log(1 + e^−1000) = 1000 in float64.
        var real = tensor(new[] { -1000.0, 1000.0 });
        var fake = tensor(new[] { 1000.0, -1000.0 });
        Assert.Equal((1000.0 + 0) / 2 + (1000.0 + 0) / 2, GanLosses.Discriminator(real, fake).item<double>(), 1e-12);
        Assert.Equal((0 + 1000.0) / 2, GanLosses.Generator(fake).item<double>(), 1e-12);
    }

    [Fact]
    public void The_wgan_losses_are_the_minimised_forms()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 1.0, 3.0 });
        var fake = tensor(new[] { 0.0, 2.0 });
        Assert.Equal(1.0 - 2.0, WganLosses.Critic(real, fake).item<double>());
        Assert.Equal(-1.0, WganLosses.Generator(fake).item<double>());
    }

    [Fact]
    public void Clipping_clamps_every_parameter_biases_included()
    {
        using var scope = NewDisposeScope();
        var clipped = WganLosses.Clip(new Dictionary<string, Tensor>
        {
            ["conv.weight"] = tensor(new[] { -0.5, 0.005, 2.0 }),
            ["bn.bias"] = tensor(new[] { 0.3 }),
        }, 0.01);
        Assert.Equal([-0.01, 0.005, 0.01], clipped["conv.weight"].data<double>().ToArray());
        Assert.Equal([0.01], clipped["bn.bias"].data<double>().ToArray());
    }

    [Fact]
    public void The_dcgan_networks_have_the_tutorials_shapes_and_parameter_counts()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var g = new DcganGenerator(100, 64, 3);
        using var d = new DcganDiscriminator(64, 3);
        // G: 100·128·16 + 2·128 + 128·64·16 + 2·64 + 64·3·16; D: 3·64·16 + 64·128·16 + 2·128 + 128·16 (no conv biases).
        Assert.Equal(339_328L, g.parameters().Sum(p => p.numel()));
        Assert.Equal(136_448L, d.parameters().Sum(p => p.numel()));
        var image = g.call(randn([2, 100, 1, 1], ScalarType.Float64));
        Assert.Equal([2L, 3, 16, 16], image.shape);
        Assert.Equal([2L], d.call(image).shape);
    }

    [Fact]
    public void The_gradient_penalty_of_a_critic_that_is_linear_on_its_inputs_matches_its_closed_form()
    {
        using var scope = NewDisposeScope();
        // One channel of 2×2, one hidden unit: the 4×4 kernel (stride 2, padding 1) sees input pixel (i, j) through
        // tap (i+1, j+1). All taps 1 and a bias of 10 keep the LeakyReLU in its linear part, so C(x) = a·(Σx + 10) + b
        // and ∇ₓC = a everywhere: ‖g‖ = 2|a| = 2 at a = 1, penalty 10·(2 − 1)² = 10.
        // ∂penalty/∂a = 20(‖g‖ − 1)·∂‖g‖/∂a = 20·1·2 = 40; for a used tap w, ∂‖g‖/∂w = a²w/‖g‖ = ½, so 20·1·½ = 10;
        // the unused taps and both biases do not reach g: 0.
        using var critic = new GpCritic(1, 1, 2, 2);
        critic.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["conv.weight"] = ones([1, 1, 4, 4], ScalarType.Float64),
            ["conv.bias"] = tensor(new[] { 10.0 }),
            ["fc.weight"] = tensor(new[] { 1.0 }, [1, 1]),
            ["fc.bias"] = tensor(new[] { 0.5 }),
        });
        var real = ones([2, 1, 2, 2], ScalarType.Float64);
        var fake = zeros([2, 1, 2, 2], ScalarType.Float64);
        var (xhat, penalty, grads) = GradientPenalty.Compute(critic, real, fake, tensor(new[] { 0.25, 1.0 }));

        // eps weights the real sample.
        Assert.Equal([0.25, 0.25, 0.25, 0.25, 1, 1, 1, 1], xhat.data<double>().ToArray());
        Assert.Equal(10.0, penalty.item<double>(), 1e-12);
        var convWeight = grads[0].reshape(4, 4);
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 4; c++)
                Assert.Equal(r is 1 or 2 && c is 1 or 2 ? 10.0 : 0.0, convWeight[r, c].item<double>(), 1e-12);
        Assert.Equal(0.0, grads[1].item<double>());
        Assert.Equal(40.0, grads[2].item<double>(), 1e-12);
        Assert.Equal(0.0, grads[3].item<double>());
    }
}
