using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.TimeGan;

/// <summary>
/// a08-timegan: the five GRU networks on their own, each loss term on its own, and one full forward pass, on a
/// seeded padded batch of multivariate sequences in [0, 1] (the min-max scaled data TimeGAN trains on).
/// Lengths are drawn in 1…T with one sequence of full length; padded steps hold random numbers, not zeros, so a
/// loss that lets them count is wrong by a visible amount.
/// </summary>
public sealed class A08TimeGanGoldens : IGoldenGenerator
{
    public string Name => "a08-timegan";

    /// <summary>Output name, and whether a sigmoid ends the network (the discriminator returns logits).</summary>
    static readonly Dictionary<string, (string Output, bool Sigmoid)> Networks = new()
    {
        ["embedder"] = ("h", true),
        ["recovery"] = ("x_tilde", true),
        ["generator"] = ("e_hat", true),
        ["supervisor"] = ("s", true),
        ["discriminator"] = ("y", false),
    };

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        var (batch, steps) = (p.Int("batch"), p.Int("length"));
        Tensor Unit(long width) => rand([batch, steps, width], ScalarType.Float64).to_type(dtype);
        Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

        if (Networks.TryGetValue(test.Entry, out var network))
        {
            Network(p, set, call, dtype, test.Entry, network.Output, network.Sigmoid);
            return;
        }
        var lengths = Lengths(batch, steps);
        switch (test.Entry)
        {
            case "reconstruction_loss":
                var (x, xTilde) = (Unit(p.Int("features")), Unit(p.Int("features")));
                set.Input(call, "x", x);
                set.Input(call, "x_tilde", xTilde);
                set.Input(call, "lengths", lengths);
                var lR = TimeGanLosses.Reconstruction(F64(x), F64(xTilde), lengths);
                set.Expect(call, "e_loss_t0", lR);
                set.Expect(call, "e_loss0", 10 * lR.sqrt());
                break;
            case "supervised_loss":
                var (h, s) = (Unit(p.Int("hidden")), Unit(p.Int("hidden")));
                set.Input(call, "h", h);
                set.Input(call, "h_hat_supervise", s);
                set.Input(call, "lengths", lengths);
                set.Expect(call, "g_loss_s", TimeGanLosses.Supervised(F64(h), F64(s), lengths));
                break;
            case "adversarial_losses":
                Tensor Logits() => (2 * randn([batch, steps, 1], ScalarType.Float64)).to_type(dtype);
                var (yReal, yFake, yFakeE) = (Logits(), Logits(), Logits());
                var gamma = p.Double("gamma");
                set.Input(call, "y_real", yReal);
                set.Input(call, "y_fake", yFake);
                set.Input(call, "y_fake_e", yFakeE);
                set.Input(call, "lengths", lengths);
                set.Value(call, "gamma", gamma);
                set.Expect(call, "d_loss", TimeGanLosses.Bce(F64(yReal), 1, lengths) + TimeGanLosses.Bce(F64(yFake), 0, lengths)
                    + gamma * TimeGanLosses.Bce(F64(yFakeE), 0, lengths));
                set.Expect(call, "g_loss_u", TimeGanLosses.Bce(F64(yFake), 1, lengths));
                set.Expect(call, "g_loss_u_e", TimeGanLosses.Bce(F64(yFakeE), 1, lengths));
                break;
            case "moment_loss":
                var (real, fake) = (Unit(p.Int("features")), Unit(p.Int("features")));
                set.Input(call, "x", real);
                set.Input(call, "x_hat", fake);
                set.Input(call, "lengths", lengths);
                var (v1, v2) = TimeGanLosses.Moments(F64(real), F64(fake), lengths);
                set.Expect(call, "g_loss_v1", v1);
                set.Expect(call, "g_loss_v2", v2);
                break;
            case "timegan_losses":
                Full(p, set, call, dtype, Unit(p.Int("features")), Unit(p.Int("features")), lengths);
                break;
            default: throw new ArgumentException($"test '{test.Name}': a08 has no entry point '{test.Entry}'");
        }
    }

    /// <summary>(B,) int64 lengths in 1…T; one sequence, at a random place, is full length so every step has a valid sequence.</summary>
    static Tensor Lengths(long batch, long steps)
    {
        var lengths = randint(1, steps + 1, [batch], ScalarType.Int64);
        lengths[randint(0, batch, [1], ScalarType.Int64).item<long>()] = steps;
        return lengths;
    }

    /// <summary>PyTorch's default initialisation, U(−1/√H, 1/√H) for every GRU and linear parameter, drawn in float64.</summary>
    static Dictionary<string, Tensor> Weights(string prefix, long input, long hidden, long layers, long output, ScalarType dtype)
    {
        var bound = 1 / Math.Sqrt(hidden);
        Tensor U(params long[] shape) => ((2 * rand(shape, ScalarType.Float64) - 1) * bound).to_type(dtype);
        var p = new Dictionary<string, Tensor>();
        for (var k = 0; k < layers; k++)
        {
            p[$"{prefix}rnn.weight_ih_l{k}"] = U(3 * hidden, k == 0 ? input : hidden);
            p[$"{prefix}rnn.weight_hh_l{k}"] = U(3 * hidden, hidden);
            p[$"{prefix}rnn.bias_ih_l{k}"] = U(3 * hidden);
            p[$"{prefix}rnn.bias_hh_l{k}"] = U(3 * hidden);
        }
        p[$"{prefix}fc.weight"] = U(output, hidden);
        p[$"{prefix}fc.bias"] = U(output);
        return p;
    }

    static void Network(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype, string entry, string output, bool sigmoidOutput)
    {
        var (batch, steps, hidden, layers) = (p.Int("batch"), p.Int("length"), p.Int("hidden"), p.Int("layers"));
        // The embedder reads F features and the generator z_dim noise features; the others read H.
        var input = entry is "embedder" or "generator" ? p.Int("features") : hidden;
        var width = entry switch { "recovery" => p.Int("features"), "discriminator" => 1, _ => hidden };
        var x = rand([batch, steps, input], ScalarType.Float64).to_type(dtype);
        var weights = Weights("", input, hidden, layers, width, dtype);
        set.Input(call, entry == "generator" ? "z" : entry == "embedder" ? "x" : "h", x);
        set.InputDict(call, "params", weights);

        using var net = new TimeGanNetwork(input, hidden, layers, width, sigmoidOutput);
        net.LoadCourseParameters(weights.ToFloat64());
        using var _ = no_grad();
        var trace = new StageTrace();
        set.Expect(call, output, net.Forward(x.to_type(ScalarType.Float64), trace));
        set.ExpectStages(call, trace);
    }

    static void Full(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype, Tensor x, Tensor z, Tensor lengths)
    {
        var (features, hidden, layers, gamma) = (p.Int("features"), p.Int("hidden"), p.Int("layers"), p.Double("gamma"));
        // As in the authors' code, the supervisor has one layer fewer than the others (at least one).
        var supervisorLayers = Math.Max(layers - 1, 1);
        var weights = new Dictionary<string, Tensor>();
        foreach (var part in new[]
                 {
                     Weights("embedder.", features, hidden, layers, hidden, dtype),
                     Weights("recovery.", hidden, hidden, layers, features, dtype),
                     Weights("generator.", features, hidden, layers, hidden, dtype),
                     Weights("supervisor.", hidden, hidden, supervisorLayers, hidden, dtype),
                     Weights("discriminator.", hidden, hidden, layers, 1, dtype),
                 })
            foreach (var (k, v) in part) weights[k] = v;
        set.Input(call, "x", x);
        set.Input(call, "z", z);
        set.Input(call, "lengths", lengths);
        set.InputDict(call, "params", weights);
        set.Value(call, "gamma", gamma);

        var w64 = weights.ToFloat64();
        TimeGanNetwork Load(string name, long input, long l, long output, bool sigmoidOutput)
        {
            var net = new TimeGanNetwork(input, hidden, l, output, sigmoidOutput);
            net.LoadCourseParameters(CourseParameters.Under(w64, name));
            return net;
        }
        using var embedder = Load("embedder", features, layers, hidden, true);
        using var recovery = Load("recovery", hidden, layers, features, true);
        using var generator = Load("generator", features, layers, hidden, true);
        using var supervisor = Load("supervisor", hidden, supervisorLayers, hidden, true);
        using var discriminator = Load("discriminator", hidden, layers, 1, false);
        using var _ = no_grad();
        var trace = new StageTrace();
        var terms = TimeGanObjectives.Compute(embedder, recovery, generator, supervisor, discriminator,
            x.to_type(ScalarType.Float64), z.to_type(ScalarType.Float64), lengths, gamma, trace);
        set.Expect(call, "e_loss_t0", terms.E_loss_T0);
        set.Expect(call, "e_loss0", terms.E_loss0);
        set.Expect(call, "e_loss", terms.E_loss);
        set.Expect(call, "g_loss_s", terms.G_loss_S);
        set.Expect(call, "d_loss", terms.D_loss);
        set.Expect(call, "g_loss_u", terms.G_loss_U);
        set.Expect(call, "g_loss_u_e", terms.G_loss_U_e);
        set.Expect(call, "g_loss_v1", terms.G_loss_V1);
        set.Expect(call, "g_loss_v2", terms.G_loss_V2);
        set.Expect(call, "g_loss", terms.G_loss);
        set.ExpectStages(call, trace);
    }
}
