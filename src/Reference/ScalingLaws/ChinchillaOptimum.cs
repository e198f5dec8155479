using static TorchSharp.torch;

namespace Course.Reference.ScalingLaws;

/// <summary>
/// Hoffmann et al. (2022)'s parametric loss (approach 3), L(N, D) = E + A / N^α + B / D^β, and its compute-optimal
/// split of a budget C = 6·N·D: minimising L on that curve gives, in closed form (their Eq. 4 and Appendix D.2),
/// N_opt = G (C/6)^a, D_opt = G⁻¹ (C/6)^b with G = (αA / (βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β).
/// N counts every parameter, embeddings included.
/// </summary>
public sealed record ChinchillaOptimum(double E, double A, double B, double Alpha, double Beta)
{
    public Tensor Loss(Tensor n, Tensor d) => E + A / n.pow(Alpha) + B / d.pow(Beta);

    public (Tensor NOpt, Tensor DOpt, Tensor Loss, Tensor A, Tensor B) For(Tensor budget, StageTrace? trace = null)
    {
        var a = Beta / (Alpha + Beta);
        var b = Alpha / (Alpha + Beta);
        var g = trace.Keep("G", tensor(Math.Pow(Alpha * A / (Beta * B), 1 / (Alpha + Beta)), ScalarType.Float64));
        var nOpt = g * (budget / 6).pow(a);
        var dOpt = (budget / 6).pow(b) / g;
        return (nOpt, dOpt, Loss(nOpt, dOpt), tensor(a, ScalarType.Float64), tensor(b, ScalarType.Float64));
    }

    /// <summary>
    /// The rule of thumb read off Chinchilla: a fixed number of tokens per parameter (20), so C = 6·N·(20·N) gives
    /// N = √(C / (6·20)) and D = 20·N.
    /// </summary>
    public static (Tensor N, Tensor D) RuleOfThumb(Tensor budget, double tokensPerParameter)
    {
        var n = (budget / (6 * tokensPerParameter)).sqrt();
        return (n, tokensPerParameter * n);
    }
}
