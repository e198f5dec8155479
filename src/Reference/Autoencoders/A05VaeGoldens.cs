using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.Autoencoders;

/// <summary>
/// a05-vae: a vanilla autoencoder's forward pass; the VAE's reparameterisation, negative ELBO (Bernoulli
/// reconstruction on logits + analytic KL), samples from the prior, the gradient of the negative ELBO with respect to
/// the encoder and one SGD step. Data, weights, the noise ε and the prior's z are all drawn here and passed in.
/// </summary>
public sealed class A05VaeGoldens : IGoldenGenerator
{
    public string Name => "a05-vae";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        var (batch, features, hidden, latent) = (p.Int("batch", 1), p.Int("features", 0), p.Int("hidden", 0), p.Int("latent"));
        Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

        switch (test.Entry)
        {
            case "autoencoder":
            {
                var x = Data(p, batch, features, dtype);
                var weights = Layers(dtype, ("encoder_hidden", features, hidden), ("encoder_code", hidden, latent),
                    ("decoder_hidden", latent, hidden), ("decoder_out", hidden, features));
                set.Input(call, "x", x);
                set.InputDict(call, "params", weights);
                using var ae = new Autoencoder(features, hidden, latent);
                ae.LoadCourseParameters(weights.ToFloat64());
                using var _ = no_grad();
                var (code, reconstruction) = ae.call(F64(x));
                set.Expect(call, "code", code);
                set.Expect(call, "reconstruction", reconstruction);
                break;
            }
            case "reparameterise":
            {
                var mu = randn([batch, latent], ScalarType.Float64).to_type(dtype);
                var logVar = randn([batch, latent], ScalarType.Float64).to_type(dtype);
                var eps = randn([batch, latent], ScalarType.Float64).to_type(dtype);
                set.Input(call, "mu", mu);
                set.Input(call, "logvar", logVar);
                set.Input(call, "eps", eps);
                set.Expect(call, "z", Reparameterisation.Sample(F64(mu), F64(logVar), F64(eps)));
                break;
            }
            case "sample_prior":
            {
                var z = randn([batch, latent], ScalarType.Float64).to_type(dtype);
                var weights = VaeParameters(features, hidden, latent, dtype);
                set.Input(call, "z", z);
                set.InputDict(call, "params", weights);
                using var vae = Vae(weights, features, hidden, latent);
                using var _ = no_grad();
                set.Expect(call, "means", vae.Sample(F64(z)));
                break;
            }
            case "neg_elbo":
            {
                var (x, eps, weights, beta) = VaeInputs(p, set, call, batch, features, hidden, latent, dtype);
                using var vae = Vae(weights, features, hidden, latent);
                using var _ = no_grad();
                var trace = new StageTrace();
                var (loss, reconstruction, kl) = Elbo.NegElbo(vae, F64(x), F64(eps), beta, trace);
                set.Expect(call, "loss", loss);
                set.Expect(call, "reconstruction", reconstruction);
                set.Expect(call, "kl", kl);
                set.ExpectStages(call, trace);
                break;
            }
            case "encoder_gradients":
            {
                var (x, eps, weights, beta) = VaeInputs(p, set, call, batch, features, hidden, latent, dtype);
                using var vae = Vae(weights, features, hidden, latent);
                var gradients = SgdStep.Gradients(vae, F64(x), F64(eps), beta);
                foreach (var name in VariationalAutoencoder.EncoderParameters) set.Expect(call, name, gradients[name]);
                break;
            }
            case "sgd_step":
            {
                var (x, eps, weights, beta) = VaeInputs(p, set, call, batch, features, hidden, latent, dtype);
                var learningRate = p.Double("lr");
                set.Value(call, "lr", learningRate);
                using var vae = Vae(weights, features, hidden, latent);
                var updated = SgdStep.Step(vae, F64(x), F64(eps), beta, learningRate);
                foreach (var name in VariationalAutoencoder.EncoderParameters.Concat(VariationalAutoencoder.DecoderParameters))
                    set.Expect(call, name, updated[name]);
                break;
            }
            default: throw new ArgumentException($"test '{test.Name}': a05 has no entry point '{test.Entry}'");
        }
    }

    /// <summary>Grey levels in [0, 1] (BCE on logits is exact for them), or 0/1 pixels when the case says binary.</summary>
    static Tensor Data(CaseParameters p, long batch, long features, ScalarType dtype)
    {
        var x = rand([batch, features], ScalarType.Float64);
        return (p.Flag("binary") ? (x > 0.5).to_type(ScalarType.Float64) : x).to_type(dtype);
    }

    /// <summary>Dense layers in the course's dict layout, drawn in the order given (the order fixes the goldens).</summary>
    static Dictionary<string, Tensor> Layers(ScalarType dtype, params (string Name, long In, long Out)[] layers)
    {
        var weights = new Dictionary<string, Tensor>();
        foreach (var (name, inFeatures, outFeatures) in layers) RandomParameters.Linear(weights, name, inFeatures, outFeatures, dtype);
        return weights;
    }

    static Dictionary<string, Tensor> VaeParameters(long features, long hidden, long latent, ScalarType dtype) =>
        Layers(dtype, ("encoder_hidden", features, hidden), ("encoder_mu", hidden, latent), ("encoder_logvar", hidden, latent),
            ("decoder_hidden", latent, hidden), ("decoder_out", hidden, features));

    static VariationalAutoencoder Vae(Dictionary<string, Tensor> weights, long features, long hidden, long latent)
    {
        var vae = new VariationalAutoencoder(features, hidden, latent);
        vae.LoadCourseParameters(weights.ToFloat64());
        return vae;
    }

    /// <summary>x (B, P), ε (B, D), the ten parameters and β: the arguments every ELBO entry point starts with.</summary>
    static (Tensor X, Tensor Eps, Dictionary<string, Tensor> Weights, double Beta) VaeInputs(CaseParameters p, GoldenSet set,
        GoldenCall call, long batch, long features, long hidden, long latent, ScalarType dtype)
    {
        var x = Data(p, batch, features, dtype);
        var eps = randn([batch, latent], ScalarType.Float64).to_type(dtype);
        var weights = VaeParameters(features, hidden, latent, dtype);
        var beta = p.Double("beta");
        set.Input(call, "x", x);
        set.Input(call, "eps", eps);
        set.InputDict(call, "params", weights);
        set.Value(call, "beta", beta);
        return (x, eps, weights, beta);
    }
}
