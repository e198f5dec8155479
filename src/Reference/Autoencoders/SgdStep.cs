using static TorchSharp.torch;

namespace Course.Reference.Autoencoders;

/// <summary>Gradients of the negative ELBO with respect to the VAE's parameters, and one plain SGD step.</summary>
public static class SgdStep
{
    /// <summary>∂(−ELBO)/∂p for every parameter, under the course's names and in its layout (w as in × out).</summary>
    public static Dictionary<string, Tensor> Gradients(VariationalAutoencoder vae, Tensor x, Tensor eps, double beta)
    {
        var parameters = vae.CourseParameterTensors();
        var (loss, _, _) = Elbo.NegElbo(vae, x, eps, beta);
        var names = parameters.Keys.ToList();
        var grads = autograd.grad([loss], names.Select(n => parameters[n]).ToList());
        // Linear keeps w as out × in; the course's w is in × out.
        return names.Select((n, i) => (n, g: n.EndsWith(".w") ? grads[i].t() : grads[i]))
            .ToDictionary(t => t.n, t => t.g.detach());
    }

    /// <summary>p − lr · ∂(−ELBO)/∂p for every parameter, in the course's layout; the module is left unchanged.</summary>
    public static Dictionary<string, Tensor> Step(VariationalAutoencoder vae, Tensor x, Tensor eps, double beta, double learningRate)
    {
        var gradients = Gradients(vae, x, eps, beta);
        using var _ = no_grad();
        return vae.CourseParameterTensors().ToDictionary(kv => kv.Key,
            kv => (kv.Key.EndsWith(".w") ? kv.Value.t() : kv.Value) - learningRate * gradients[kv.Key]);
    }
}
