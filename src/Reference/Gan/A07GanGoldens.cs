using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Gan;

/// <summary>
/// a07-gan: the GAN losses on given logits, a DCGAN generator and discriminator from given weights, the WGAN losses
/// and weight clipping, and the WGAN-GP penalty with its gradient w.r.t. a small critic's parameters. Every random
/// tensor (latent samples, images, interpolation weights, weights) is drawn here from the test's seed and passed in.
/// </summary>
public sealed class A07GanGoldens : IGoldenGenerator
{
    public string Name => "a07-gan";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "gan_losses": Losses(p, set, call, dtype); break;
            case "dcgan_generator": Generator(p, set, call, dtype); break;
            case "dcgan_discriminator": Discriminator(p, set, call, dtype); break;
            case "dcgan_param_counts": Counts(p, set, call); break;
            case "wgan_losses":
                var real = (2 * randn([p.Int("batch")], ScalarType.Float64) + 1).to_type(dtype);
                var fake = (2 * randn([p.Int("batch")], ScalarType.Float64) - 1).to_type(dtype);
                set.Input(call, "real_scores", real);
                set.Input(call, "fake_scores", fake);
                set.Expect(call, "critic_loss", WganLosses.Critic(F64(real), F64(fake)));
                set.Expect(call, "generator_loss", WganLosses.Generator(F64(fake)));
                break;
            case "clip_weights": Clip(p, set, call, dtype); break;
            case "gradient_penalty": Penalty(p, set, call, dtype); break;
            default: throw new ArgumentException($"test '{test.Name}': a07 has no entry point '{test.Entry}'");
        }
    }

    static Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

    /// <summary>randn scaled by 1/√fan_in, so every layer's output stays near unit scale, stored in the test's dtype.</summary>
    static Tensor Weight(long[] shape, long fanIn, ScalarType dtype) =>
        (randn(shape, ScalarType.Float64) / Math.Sqrt(fanIn)).to_type(dtype);

    /// <summary>BatchNorm's affine near (1, 0) but not exactly, so a forgotten γ or β shows.</summary>
    static void Norm(Dictionary<string, Tensor> p, string name, long channels, ScalarType dtype)
    {
        p[$"{name}.weight"] = (1 + 0.1 * randn([channels], ScalarType.Float64)).to_type(dtype);
        p[$"{name}.bias"] = (0.1 * randn([channels], ScalarType.Float64)).to_type(dtype);
    }

    static void Losses(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var batch = p.Int("batch");
        var scale = p.Double("scale");
        var real = scale * randn([batch], ScalarType.Float64);
        var fake = scale * randn([batch], ScalarType.Float64);
        if (p.Flag("extreme"))
        {
            // Saturated discriminators: a naive log(sigmoid(x)) gives ±inf here; the BCE-with-logits form stays finite.
            real[0] = 1000; real[1] = -1000; real[2] = 60; real[3] = -60;
            fake[0] = -1000; fake[1] = 1000; fake[2] = -60; fake[3] = 60;
        }
        (real, fake) = (real.to_type(dtype), fake.to_type(dtype));
        set.Input(call, "real_logits", real);
        set.Input(call, "fake_logits", fake);

        var f = F64(fake).requires_grad_(true);
        var dLoss = GanLosses.Discriminator(F64(real), f);
        var gLoss = GanLosses.Generator(f);
        var dGrad = autograd.grad([dLoss], [f])[0];
        var gGrad = autograd.grad([gLoss], [f])[0];
        set.Expect(call, "d_loss", dLoss);
        set.Expect(call, "g_loss", gLoss);
        set.Expect(call, "d_grad", dGrad);
        set.Expect(call, "g_grad", gGrad);
    }

    static void Generator(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, nz, ngf, nc) = (p.Int("batch"), p.Int("nz"), p.Int("ngf"), p.Int("nc"));
        var z = randn([batch, nz, 1, 1], ScalarType.Float64).to_type(dtype);
        var w = new Dictionary<string, Tensor>();
        w["convt1.weight"] = Weight([nz, 2 * ngf, 4, 4], nz, dtype);
        Norm(w, "bn1", 2 * ngf, dtype);
        w["convt2.weight"] = Weight([2 * ngf, ngf, 4, 4], 4 * 2 * ngf, dtype);
        Norm(w, "bn2", ngf, dtype);
        // A stride-2, 4×4 transposed convolution feeds each output pixel from 2×2 taps of every input channel.
        w["convt3.weight"] = Weight([ngf, nc, 4, 4], 4 * ngf, dtype);
        set.Input(call, "z", z);
        set.InputDict(call, "params", w);

        using var net = new DcganGenerator(nz, ngf, nc);
        net.LoadCourseParameters(w.ToFloat64());
        net.train();
        var trace = new StageTrace();
        set.Expect(call, "image", net.Forward(F64(z), trace));
        set.ExpectStages(call, trace);
    }

    static void Discriminator(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, ndf, nc) = (p.Int("batch"), p.Int("ndf"), p.Int("nc"));
        var images = randn([batch, nc, 16, 16], ScalarType.Float64).tanh().to_type(dtype);
        var w = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = Weight([ndf, nc, 4, 4], 16 * nc, dtype),
            ["conv2.weight"] = Weight([2 * ndf, ndf, 4, 4], 16 * ndf, dtype),
        };
        Norm(w, "bn2", 2 * ndf, dtype);
        w["conv3.weight"] = Weight([1, 2 * ndf, 4, 4], 16 * 2 * ndf, dtype);
        set.Input(call, "images", images);
        set.InputDict(call, "params", w);

        using var net = new DcganDiscriminator(ndf, nc);
        net.LoadCourseParameters(w.ToFloat64());
        net.train();
        var trace = new StageTrace();
        set.Expect(call, "logits", net.Forward(F64(images), trace));
        set.ExpectStages(call, trace);
    }

    static void Counts(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (nz, ngf, ndf, nc) = (p.Int("nz"), p.Int("ngf"), p.Int("ndf"), p.Int("nc"));
        set.Value(call, "nz", nz);
        set.Value(call, "ngf", ngf);
        set.Value(call, "ndf", ndf);
        set.Value(call, "nc", nc);
        // Trainable parameters only: BatchNorm's running mean and variance are buffers, not parameters.
        using var g = new DcganGenerator(nz, ngf, nc);
        using var d = new DcganDiscriminator(ndf, nc);
        set.Expect(call, "generator", tensor((double)g.parameters().Sum(t => t.numel())));
        set.Expect(call, "discriminator", tensor((double)d.parameters().Sum(t => t.numel())));
    }

    static void Clip(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (ndf, nc) = (p.Int("ndf"), p.Int("nc"));
        var c = p.Double("c");
        // A DCGAN critic's parameters at the paper's N(0, 0.02) initialisation: about half of them lie beyond c = 0.01.
        var w = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = (0.02 * randn([ndf, nc, 4, 4], ScalarType.Float64)).to_type(dtype),
            ["conv2.weight"] = (0.02 * randn([2 * ndf, ndf, 4, 4], ScalarType.Float64)).to_type(dtype),
            ["bn2.weight"] = (1 + 0.02 * randn([2 * ndf], ScalarType.Float64)).to_type(dtype),
            ["bn2.bias"] = (0.02 * randn([2 * ndf], ScalarType.Float64)).to_type(dtype),
            ["conv3.weight"] = (0.02 * randn([1, 2 * ndf, 4, 4], ScalarType.Float64)).to_type(dtype),
        };
        set.InputDict(call, "params", w);
        set.Value(call, "c", c);
        foreach (var (name, clipped) in WganLosses.Clip(w.ToFloat64(), c)) set.Expect(call, name, clipped);
    }

    static void Penalty(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, channels, height, width, hidden) = (p.Int("batch"), p.Int("channels"), p.Int("height"), p.Int("width"), p.Int("hidden"));
        var real = randn([batch, channels, height, width], ScalarType.Float64).tanh().to_type(dtype);
        var fake = randn([batch, channels, height, width], ScalarType.Float64).tanh().to_type(dtype);
        var eps = rand([batch], ScalarType.Float64).to_type(dtype);
        var features = hidden * (height / 2) * (width / 2);
        var w = new Dictionary<string, Tensor>
        {
            ["conv.weight"] = Weight([hidden, channels, 4, 4], 16 * channels, dtype),
            ["conv.bias"] = (0.1 * randn([hidden], ScalarType.Float64)).to_type(dtype),
            ["fc.weight"] = Weight([1, features], features, dtype),
            ["fc.bias"] = (0.1 * randn([1], ScalarType.Float64)).to_type(dtype),
        };
        set.Input(call, "real", real);
        set.Input(call, "fake", fake);
        set.Input(call, "eps", eps);
        set.InputDict(call, "params", w);

        using var critic = new GpCritic(channels, hidden, height, width);
        critic.LoadCourseParameters(w.ToFloat64());
        var trace = new StageTrace();
        var (xhat, penalty, gradients) = GradientPenalty.Compute(critic, F64(real), F64(fake), F64(eps), trace);
        set.Expect(call, "xhat", xhat);
        set.Expect(call, "penalty", penalty);
        foreach (var ((name, _), gradient) in critic.Named().Zip(gradients)) set.Expect(call, $"grad.{name}", gradient);
        set.ExpectStages(call, trace);
    }
}
