using static TorchSharp.torch;

namespace Course.Reference.Alignment;

/// <summary>
/// The per-token reward that PPO maximises in RLHF (Ziegler et al. 2019, Ouyang et al. 2022, TRL's PPO trainer): every
/// response token is penalised by β times the k1 estimate of the KL divergence from the reference policy,
/// log π(y_t) − log π_ref(y_t), and the reward model's scalar score is added at the LAST response token only.
/// Responses are right-padded; padding gets neither penalty nor score.
/// </summary>
public static class KlPenalizedRewards
{
    public static (Tensor Rewards, Tensor Kl) Of(Tensor logprobs, Tensor refLogprobs, Tensor scores, Tensor responseMask, double beta)
    {
        var valid = responseMask.to(ScalarType.Bool);
        var kl = where(valid, logprobs - refLogprobs, zeros_like(logprobs));
        // Right padding: a response of n tokens ends at index n − 1.
        var last = responseMask.to(ScalarType.Int64).sum(1L) - 1;
        var rewards = (-beta * kl).scatter_add(1, last.unsqueeze(1), scores.unsqueeze(1));
        return (rewards, kl);
    }
}
