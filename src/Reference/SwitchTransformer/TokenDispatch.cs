using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SwitchTransformer;

/// <summary>
/// Top-1 routing with a fixed capacity, per group (Mesh-TF's formulation): within each group, a token's position in its
/// expert's buffer is the number of earlier tokens of the group sent to the same expert (a cumulative sum over the token
/// axis, in token order). Tokens at positions ≥ capacity are dropped. dispatch[g, s, e, c] = 1 iff token s of group g
/// sits in slot c of expert e; combine = dispatch · gate, the router probability of the chosen expert. A dropped token
/// has an all-zero row in both, so its expert output is 0 and only the residual carries it.
/// </summary>
public static class TokenDispatch
{
    public sealed record Routing(Tensor ExpertIndex, Tensor Position, Tensor Kept, Tensor Dispatch, Tensor Combine);

    /// <param name="probs">(G, S, E) router probabilities.</param>
    public static Routing Route(Tensor probs, long capacity, StageTrace? trace = null)
    {
        var (expertIndex, gate) = Top1Router.Choose(probs);
        var numExperts = probs.shape[^1];
        var expertMask = functional.one_hot(expertIndex, numExperts).to_type(probs.dtype);         // (G, S, E)
        // Counting within a group: the cumulative sum runs over the token axis (1), never across groups.
        var position = ((expertMask.cumsum(1) * expertMask).sum(-1L) - 1).to_type(ScalarType.Int64); // (G, S)
        var kept = position < capacity;
        var slot = (position.unsqueeze(-1) == arange(capacity, ScalarType.Int64)).to_type(probs.dtype); // (G, S, C); none when dropped
        var dispatch = expertMask.unsqueeze(-1) * slot.unsqueeze(-2);                                 // (G, S, E, C)
        var combine = dispatch * gate.unsqueeze(-1).unsqueeze(-1);
        trace.Keep("expert_index", expertIndex);
        trace.Keep("position", position);
        return new Routing(expertIndex, position, kept, dispatch, combine);
    }
}
