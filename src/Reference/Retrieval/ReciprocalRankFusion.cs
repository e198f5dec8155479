using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher 2009): score(d) = Σ_r 1 / (k + rank_r(d)), with 1-based ranks
/// and k = 60 in the paper; a document missing from a ranking gets nothing from it.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <param name="rankings">(R, m) document indices, best first; no ranking repeats a document.</param>
    /// <returns>scores (N,) for every document 0 … N − 1, and the fused ranking (N,), best first, ties by the lowest index.</returns>
    public static (Tensor Scores, Tensor Ranking) Fuse(Tensor rankings, long documents, long k)
    {
        var m = rankings.shape[1];
        var contribution = 1.0 / (k + arange(1, m + 1, ScalarType.Float64));   // rank 1 … m
        var scores = zeros([documents], ScalarType.Float64);
        for (long r = 0; r < rankings.shape[0]; r++)
            scores = scores.index_add(0, rankings[r], contribution, 1.0);
        return (scores, Ranking.Descending(scores).Indices);
    }
}
