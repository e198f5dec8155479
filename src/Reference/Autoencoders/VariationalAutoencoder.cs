using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Autoencoders;

/// <summary>
/// The VAE of Kingma and Welling (2014), shaped like PyTorch's examples/vae: an encoder P → H (ReLU) with two heads
/// H → D for the mean μ and the log-variance log σ² of q(z | x) = N(μ, diag σ²); a decoder D → H (ReLU) → P whose
/// output is the logits of independent Bernoulli distributions p(x | z). Field names are the keys of the course's
/// parameter dict (<c>encoder_hidden.w</c>, …, each w as in × out).
/// </summary>
public sealed class VariationalAutoencoder : Module<Tensor, Tensor, Tensor>
{
    /// <summary>The encoder's parameters, in the order the course's dict and the gradient test list them.</summary>
    public static readonly string[] EncoderParameters =
        ["encoder_hidden.w", "encoder_hidden.b", "encoder_mu.w", "encoder_mu.b", "encoder_logvar.w", "encoder_logvar.b"];

    public static readonly string[] DecoderParameters = ["decoder_hidden.w", "decoder_hidden.b", "decoder_out.w", "decoder_out.b"];

    readonly Linear encoder_hidden;
    readonly Linear encoder_mu;
    readonly Linear encoder_logvar;
    readonly Linear decoder_hidden;
    readonly Linear decoder_out;

    public VariationalAutoencoder(long features, long hidden, long latent, ScalarType dtype = ScalarType.Float64)
        : base(nameof(VariationalAutoencoder))
    {
        encoder_hidden = Linear(features, hidden, dtype: dtype);
        encoder_mu = Linear(hidden, latent, dtype: dtype);
        encoder_logvar = Linear(hidden, latent, dtype: dtype);
        decoder_hidden = Linear(latent, hidden, dtype: dtype);
        decoder_out = Linear(hidden, features, dtype: dtype);
        RegisterComponents();
    }

    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        CourseParameters.LoadLinear(encoder_hidden, p["encoder_hidden.w"], p["encoder_hidden.b"]);
        CourseParameters.LoadLinear(encoder_mu, p["encoder_mu.w"], p["encoder_mu.b"]);
        CourseParameters.LoadLinear(encoder_logvar, p["encoder_logvar.w"], p["encoder_logvar.b"]);
        CourseParameters.LoadLinear(decoder_hidden, p["decoder_hidden.w"], p["decoder_hidden.b"]);
        CourseParameters.LoadLinear(decoder_out, p["decoder_out.w"], p["decoder_out.b"]);
    }

    /// <summary>The module's own parameter tensors under the course's names, in Linear's layout (weight out × in).</summary>
    public IReadOnlyDictionary<string, Tensor> CourseParameterTensors() => new Dictionary<string, Tensor>
    {
        ["encoder_hidden.w"] = encoder_hidden.weight!, ["encoder_hidden.b"] = encoder_hidden.bias!,
        ["encoder_mu.w"] = encoder_mu.weight!, ["encoder_mu.b"] = encoder_mu.bias!,
        ["encoder_logvar.w"] = encoder_logvar.weight!, ["encoder_logvar.b"] = encoder_logvar.bias!,
        ["decoder_hidden.w"] = decoder_hidden.weight!, ["decoder_hidden.b"] = decoder_hidden.bias!,
        ["decoder_out.w"] = decoder_out.weight!, ["decoder_out.b"] = decoder_out.bias!,
    };

    /// <summary>(B, P) → μ (B, D) and log σ² (B, D).</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        var h = functional.relu(encoder_hidden.call(x));
        return (encoder_mu.call(h), encoder_logvar.call(h));
    }

    /// <summary>(B, D) → Bernoulli logits (B, P).</summary>
    public Tensor Decode(Tensor z) => decoder_out.call(functional.relu(decoder_hidden.call(z)));

    /// <summary>Samples from the model: z ~ N(0, I) is given; the Bernoulli means σ(logits) are p(x | z)'s mean.</summary>
    public Tensor Sample(Tensor z) => functional.sigmoid(Decode(z));

    /// <summary>The negative ELBO (β = 1, averaged over the batch) of x (B, P), with the noise ε (B, D) given.</summary>
    public override Tensor forward(Tensor x, Tensor eps) => Elbo.NegElbo(this, x, eps, 1.0).Loss;
}
