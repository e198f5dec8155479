using static TorchSharp.torch;

namespace Course.Reference.Alignment;

/// <summary>
/// Direct Preference Optimization (Rafailov et al. 2023, eq. 7): with a sequence's log-probability the SUM of its
/// response tokens' log-probabilities, the implicit reward of a response is β·(log π(y) − log π_ref(y)), and the loss
/// is the mean over pairs of −log σ(reward(y_w) − reward(y_l)), β inside the sigmoid.
/// </summary>
public static class DpoLoss
{
    public sealed record Result(Tensor Loss, Tensor ChosenRewards, Tensor RejectedRewards, Tensor Accuracy);

    /// <summary>(B,): the sum over each row's response tokens; the padding's values never count.</summary>
    public static Tensor SequenceLogProb(Tensor tokenLogps, Tensor responseMask) =>
        where(responseMask.to(ScalarType.Bool), tokenLogps, zeros_like(tokenLogps)).sum(1L);

    public static Result Of(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected,
        Tensor chosenMask, Tensor rejectedMask, double beta)
    {
        var chosenLogRatio = SequenceLogProb(policyChosen, chosenMask) - SequenceLogProb(referenceChosen, chosenMask);
        var rejectedLogRatio = SequenceLogProb(policyRejected, rejectedMask) - SequenceLogProb(referenceRejected, rejectedMask);
        var chosenRewards = beta * chosenLogRatio;
        var rejectedRewards = beta * rejectedLogRatio;
        var loss = BradleyTerry.NegLogSigmoid(chosenRewards - rejectedRewards).mean();
        // Strict: a pair whose rewards tie (the policy still equal to the reference, say) is not counted as right.
        return new(loss, chosenRewards, rejectedRewards, BradleyTerry.Accuracy(chosenRewards, rejectedRewards));
    }
}
