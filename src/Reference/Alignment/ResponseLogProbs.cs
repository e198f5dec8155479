using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.Alignment;

/// <summary>
/// The log-probability a causal language model gives a response. The logits at position t − 1 score the token at
/// position t (position 0, the first prompt token, is never scored); only the response's tokens count, so the prompt
/// and the padding are masked out with the response mask, and a sequence's log-probability is the SUM of its
/// response tokens' log-probabilities (the log of the product of their probabilities).
/// </summary>
public static class ResponseLogProbs
{
    /// <summary>
    /// (B, L) aligned with <paramref name="inputIds"/>: at t ≥ 1, log softmax(logits[:, t − 1])[input_ids[:, t]] where
    /// response_mask[:, t] is 1; 0 at every other position, position 0 included.
    /// </summary>
    public static Tensor PerToken(Tensor logits, Tensor inputIds, Tensor responseMask)
    {
        var length = inputIds.shape[1];
        // The shift: the last position's logits predict a token that is not there, the first token has no predictor.
        var predictors = functional.log_softmax(logits.narrow(1, 0, length - 1), -1);
        var next = inputIds.narrow(1, 1, length - 1);
        var logProbs = predictors.gather(-1, next.unsqueeze(-1)).squeeze(-1);
        var counted = responseMask.narrow(1, 1, length - 1).to(ScalarType.Bool);
        var scored = where(counted, logProbs, zeros_like(logProbs));
        return cat([zeros([inputIds.shape[0], 1], logits.dtype), scored], 1);
    }

    /// <summary>(B,): the sum over each sequence's response tokens.</summary>
    public static Tensor Sequence(Tensor perToken) => perToken.sum(1L);
}
