using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Every ranking in a13 orders by descending score and breaks ties by the lowest index. A stable sort gives exactly
/// that; <c>torch.topk</c> and an unstable <c>argsort</c> do not promise any order among equal scores.
/// </summary>
public static class Ranking
{
    /// <summary>The scores sorted along the last dimension, highest first, and the indices they came from.</summary>
    public static (Tensor Values, Tensor Indices) Descending(Tensor scores)
    {
        var (values, indices) = scores.sort(-1, descending: true, stable: true);
        return (values, indices);
    }
}
