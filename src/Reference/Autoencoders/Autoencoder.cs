using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Autoencoders;

/// <summary>
/// A vanilla (deterministic) autoencoder of MLPs: encoder P → H (ReLU) → D, the bottleneck code, with no
/// activation; decoder D → H (ReLU) → P, a linear reconstruction. Field names are the keys of the course's
/// parameter dict (<c>encoder_hidden.w</c>, …, each w as in × out).
/// </summary>
public sealed class Autoencoder : Module<Tensor, (Tensor Code, Tensor Reconstruction)>
{
    readonly Linear encoder_hidden;
    readonly Linear encoder_code;
    readonly Linear decoder_hidden;
    readonly Linear decoder_out;

    public Autoencoder(long features, long hidden, long latent, ScalarType dtype = ScalarType.Float64) : base(nameof(Autoencoder))
    {
        encoder_hidden = Linear(features, hidden, dtype: dtype);
        encoder_code = Linear(hidden, latent, dtype: dtype);
        decoder_hidden = Linear(latent, hidden, dtype: dtype);
        decoder_out = Linear(hidden, features, dtype: dtype);
        RegisterComponents();
    }

    public void LoadCourseParameters(IReadOnlyDictionary<string, Tensor> p)
    {
        CourseParameters.LoadLinear(encoder_hidden, p["encoder_hidden.w"], p["encoder_hidden.b"]);
        CourseParameters.LoadLinear(encoder_code, p["encoder_code.w"], p["encoder_code.b"]);
        CourseParameters.LoadLinear(decoder_hidden, p["decoder_hidden.w"], p["decoder_hidden.b"]);
        CourseParameters.LoadLinear(decoder_out, p["decoder_out.w"], p["decoder_out.b"]);
    }

    /// <summary>(B, P) → (B, D).</summary>
    public Tensor Encode(Tensor x) => encoder_code.call(functional.relu(encoder_hidden.call(x)));

    /// <summary>(B, D) → (B, P).</summary>
    public Tensor Decode(Tensor code) => decoder_out.call(functional.relu(decoder_hidden.call(code)));

    public override (Tensor Code, Tensor Reconstruction) forward(Tensor x)
    {
        var code = Encode(x);
        return (code, Decode(code));
    }
}
