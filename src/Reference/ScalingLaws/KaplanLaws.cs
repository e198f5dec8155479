using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// Kaplan et al. (2020)'s power laws for the test loss (nats per token) of a language model. N counts the
/// non-embedding parameters, D the training tokens; N_c, D_c, α_N, α_D are fitted constants, given as inputs.
/// </summary>
public static class KaplanLaws
{
    /// <summary>Eq. 1.1, the loss of a model of N parameters trained to convergence: L(N) = (N_c / N)^α_N.</summary>
    public static Tensor LossFromParameters(Tensor n, double nC, double alphaN) => (nC / n).pow(alphaN);

    /// <summary>Eq. 1.2, the loss of a large model trained on D tokens with early stopping: L(D) = (D_c / D)^α_D.</summary>
    public static Tensor LossFromData(Tensor d, double dC, double alphaD) => (dC / d).pow(alphaD);

    /// <summary>
    /// Eq. 1.5, both limits at once: L(N, D) = [(N_c / N)^(α_N / α_D) + D_c / D]^α_D, on the grid of every N (rows)
    /// with every D (columns), (P,) × (Q,) → (P, Q). As D → ∞ it tends to L(N), as N → ∞ to L(D).
    /// </summary>
    public static Tensor LossFromParametersAndData(Tensor n, Tensor d, double nC, double dC, double alphaN, double alphaD, StageTrace? trace = null)
    {
        var parameterTerm = trace.Keep("parameter_term", (nC / n).pow(alphaN / alphaD));
        var dataTerm = trace.Keep("data_term", dC / d);
        return (parameterTerm.unsqueeze(1) + dataTerm.unsqueeze(0)).pow(alphaD);
    }
}
