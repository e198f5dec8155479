using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Alignment;

/// <summary>
/// The reward model's pairwise loss (Bradley–Terry, as in Ouyang et al. 2022 and Llama 2 without a margin): a pair's
/// chosen response should score higher than its rejected one, P(chosen ≻ rejected) = σ(r_c − r_r), and the loss is
/// the mean over pairs of −log σ(r_c − r_r).
/// </summary>
public static class BradleyTerry
{
    /// <summary>
    /// −log σ(x) = log(1 + e^{−x}), through libtorch's log_sigmoid, which evaluates min(x, 0) − log1p(e^{−|x|}): finite
    /// and exact at x = ±1000, with the backward σ(−x) everywhere, x = 0 included (a log of a sigmoid is −∞ at −1000).
    /// </summary>
    public static Tensor NegLogSigmoid(Tensor x) => -functional.logsigmoid(x);

    /// <summary>mean over pairs of −log σ(chosen − rejected).</summary>
    public static Tensor Loss(Tensor chosenScores, Tensor rejectedScores) => NegLogSigmoid(chosenScores - rejectedScores).mean();

    /// <summary>The fraction of pairs ranked right, strictly: a tie counts as wrong (as TRL's reward trainer counts it).</summary>
    public static Tensor Accuracy(Tensor chosenScores, Tensor rejectedScores) =>
        (chosenScores > rejectedScores).to_type(ScalarType.Float64).mean();
}
