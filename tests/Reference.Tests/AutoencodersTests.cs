using Course.Reference.Autoencoders;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a05's reference: small cases worked by hand, and the encoder's gradients against finite differences.</summary>
[Collection(TorchCollection.Name)]
public sealed class AutoencodersTests
{
    static Tensor Row(params double[] values) => tensor(values, [1, values.Length], ScalarType.Float64);

    [Fact]
    public void The_autoencoder_has_ReLUs_after_its_hidden_layers_only()
    {
        using var scope = NewDisposeScope();
        using var ae = new Autoencoder(2, 2, 1);
        // x = [1, −2]; identity hidden layer → ReLU [1, 0]; code = 1 + 0 − 3 = −2 stays negative (no ReLU on the code).
        // Decoder hidden: −2 · [1, −1] = [−2, 2] → ReLU [0, 2]; out = [0, 2] @ I + [0.5, 0.5] = [0.5, 2.5].
        ae.LoadCourseParameters(new Dictionary<string, Tensor>
        {
            ["encoder_hidden.w"] = eye(2, dtype: ScalarType.Float64), ["encoder_hidden.b"] = zeros(2, dtype: ScalarType.Float64),
            ["encoder_code.w"] = tensor(new[] { 1.0, 1.0 }, [2, 1]), ["encoder_code.b"] = tensor(new[] { -3.0 }),
            ["decoder_hidden.w"] = tensor(new[] { 1.0, -1.0 }, [1, 2]), ["decoder_hidden.b"] = zeros(2, dtype: ScalarType.Float64),
            ["decoder_out.w"] = eye(2, dtype: ScalarType.Float64), ["decoder_out.b"] = tensor(new[] { 0.5, 0.5 }),
        });
        using var _ = no_grad();
        var (code, reconstruction) = ae.call(Row(1.0, -2.0));
        Assert.Equal([-2.0], code.data<double>().ToArray());
        Assert.Equal([0.5, 2.5], reconstruction.data<double>().ToArray());
    }

    [Fact]
    public void Reparameterisation_scales_the_noise_by_the_standard_deviation_not_the_variance()
    {
        using var scope = NewDisposeScope();
        // logvar = ln 4: σ² = 4, σ = 2; z = 1 + 2 · 0.5 = 2.
        var z = Reparameterisation.Sample(Row(1.0), Row(Math.Log(4)), Row(0.5));
        Assert.Equal(2.0, z.item<double>(), 1e-15);
    }

    [Fact]
    public void The_KL_is_zero_at_the_prior_and_matches_the_closed_form_elsewhere()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0.0, Elbo.Kl(Row(0.0, 0.0), Row(0.0, 0.0)).item<double>());
        // μ = [1, 0], σ² = [1, 2]: ½[(1 + 1 − 1 − 0) + (2 + 0 − 1 − ln 2)] = 1 − ½ ln 2.
        var kl = Elbo.Kl(Row(1.0, 0.0), Row(0.0, Math.Log(2)));
        Assert.Equal([1L], kl.shape);
        Assert.Equal(1 - Math.Log(2) / 2, kl.item<double>(), 1e-15);
    }

    [Fact]
    public void The_reconstruction_term_is_Bernoulli_cross_entropy_on_logits_summed_over_features()
    {
        using var scope = NewDisposeScope();
        // Logit 0 is probability ½: ln 2 per feature whatever x (grey levels included).
        Assert.Equal(3 * Math.Log(2), Elbo.Reconstruction(Row(0.0, 0.0, 0.0), Row(1.0, 0.0, 0.3)).item<double>(), 1e-15);
        // Logit ln 3 is probability ¾: −ln ¾ for x = 1, −ln ¼ for x = 0.
        var r = Elbo.Reconstruction(Row(Math.Log(3), Math.Log(3)), Row(1.0, 0.0));
        Assert.Equal(Math.Log(4.0 / 3) + Math.Log(4), r.item<double>(), 1e-14);
    }

    [Fact]
    public void The_loss_averages_reconstruction_plus_beta_KL_over_the_batch()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var vae = RandomVae(5, 4, 2);
        var (x, eps) = (rand([3, 5], ScalarType.Float64), randn([3, 2], ScalarType.Float64));
        using var _ = no_grad();
        var (loss, reconstruction, kl) = Elbo.NegElbo(vae, x, eps, 2.5);
        var expected = Enumerable.Range(0, 3).Average(i => reconstruction[i].item<double>() + 2.5 * kl[i].item<double>());
        Assert.Equal(expected, loss.item<double>(), 1e-12);
        Assert.True(kl.min().item<double>() > 0);
    }

    [Fact]
    public void Encoder_gradients_match_central_finite_differences_and_SGD_steps_against_them()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        const long features = 6, hidden = 5, latent = 3;
        var weights = RandomWeights(features, hidden, latent);
        var x = rand([4, features], ScalarType.Float64);
        var eps = randn([4, latent], ScalarType.Float64);
        const double beta = 1.5, lr = 0.1;
        using var vae = new VariationalAutoencoder(features, hidden, latent);
        vae.LoadCourseParameters(weights);
        var gradients = SgdStep.Gradients(vae, x, eps, beta);
        var stepped = SgdStep.Step(vae, x, eps, beta, lr);

        double Loss(Dictionary<string, Tensor> w)
        {
            using var model = new VariationalAutoencoder(features, hidden, latent);
            model.LoadCourseParameters(w);
            using var _ = no_grad();
            return Elbo.NegElbo(model, x, eps, beta).Loss.item<double>();
        }
        const double h = 1e-6;
        foreach (var name in VariationalAutoencoder.EncoderParameters)
        {
            var flat = weights[name].reshape(-1);
            for (long i = 0; i < flat.shape[0]; i += 3)
            {
                var plus = new Dictionary<string, Tensor>(weights) { [name] = flat.clone().index_put_(flat[i] + h, i).reshape(weights[name].shape) };
                var minus = new Dictionary<string, Tensor>(weights) { [name] = flat.clone().index_put_(flat[i] - h, i).reshape(weights[name].shape) };
                var numeric = (Loss(plus) - Loss(minus)) / (2 * h);
                Assert.Equal(numeric, gradients[name].reshape(-1)[i].item<double>(), 1e-7);
            }
        }
        foreach (var (name, value) in weights)
            Assert.True(allclose(stepped[name], value - lr * gradients[name], 0, 1e-15));
        Assert.True(Loss(stepped) < Loss(weights)); // a small step down the gradient lowers the loss
    }

    static Dictionary<string, Tensor> RandomWeights(long features, long hidden, long latent)
    {
        var w = new Dictionary<string, Tensor>();
        foreach (var (name, inF, outF) in new[] { ("encoder_hidden", features, hidden), ("encoder_mu", hidden, latent),
                     ("encoder_logvar", hidden, latent), ("decoder_hidden", latent, hidden), ("decoder_out", hidden, features) })
        {
            w[$"{name}.w"] = randn([inF, outF], ScalarType.Float64) / Math.Sqrt(inF);
            // Positive hidden biases keep most ReLUs away from their kink, where a finite difference is meaningless.
            w[$"{name}.b"] = name.EndsWith("hidden") ? 0.5 + 0.1 * randn([outF], ScalarType.Float64) : 0.1 * randn([outF], ScalarType.Float64);
        }
        return w;
    }

    static VariationalAutoencoder RandomVae(long features, long hidden, long latent)
    {
        var vae = new VariationalAutoencoder(features, hidden, latent);
        vae.LoadCourseParameters(RandomWeights(features, hidden, latent));
        return vae;
    }
}
