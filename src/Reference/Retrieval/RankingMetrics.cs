using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Evaluation of a ranking against graded relevance labels (0 = not relevant), cut at k. Recall@k is the share of
/// the relevant documents found in the top k (not hit@k); MRR@k counts only a first relevant document within the top
/// k; nDCG@k has linear gains, the log2(i + 1) discount with 1-based i, and its ideal DCG from all judged documents.
/// A query with no relevant document scores 0 on every metric and still counts in the means.
/// </summary>
public static class RankingMetrics
{
    /// <param name="ranking">(Q, N) document indices, best first.</param>
    /// <param name="relevance">(Q, N) labels by document index, 0 or more.</param>
    /// <returns>recall, precision, hit, reciprocal rank and nDCG, each (Q,), and their means over the queries (5,) in that order.</returns>
    public static (Tensor Recall, Tensor Precision, Tensor Hit, Tensor ReciprocalRank, Tensor Ndcg, Tensor Means) Of(
        Tensor ranking, Tensor relevance, long k)
    {
        var gains = relevance.gather(1, ranking.narrow(1, 0, k));          // (Q, k): labels in rank order
        var relevantTop = (gains > 0).to_type(ScalarType.Float64);
        var found = relevantTop.sum([1L]);
        var relevant = (relevance > 0).to_type(ScalarType.Float64).sum([1L]);
        var zero = zeros_like(found);
        var recall = where(relevant > 0, found / relevant.clamp_min(1), zero);
        var precision = found / k;
        var hit = (found > 0).to_type(ScalarType.Float64);
        var position = arange(1, k + 1, ScalarType.Float64);               // 1-based ranks
        var reciprocalRank = (relevantTop / position).max(1).values;        // 1 / the first relevant rank; 0 if none
        var discount = 1 / (position + 1).log2();
        var dcg = (gains * discount).sum([1L]);
        var ideal = relevance.sort(-1, descending: true).Values.narrow(1, 0, k);
        var idcg = (ideal * discount).sum([1L]);
        var ndcg = where(idcg > 0, dcg / idcg.clamp_min(double.Epsilon), zero);
        var means = stack([recall.mean(), precision.mean(), hit.mean(), reciprocalRank.mean(), ndcg.mean()]);
        return (recall, precision, hit, reciprocalRank, ndcg, means);
    }
}
