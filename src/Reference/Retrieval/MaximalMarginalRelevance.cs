using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Maximal marginal relevance (Carbonell and Goldstein 1998), greedily: each step picks the unselected document with
/// the highest λ·cos(q, d) − (1 − λ)·max_{s selected} cos(d, s). The redundancy term is 0 while nothing is selected,
/// so the first pick is the most relevant document. Ties go to the lowest index.
/// </summary>
public static class MaximalMarginalRelevance
{
    /// <param name="queries">(Q, D); each query is answered on its own.</param>
    /// <param name="documents">(N, D).</param>
    /// <returns>indices (Q, k) in the order picked and the MMR score (Q, k) of each pick when it was picked.</returns>
    /// <param name="gaps">When given, receives each step's lead of the pick over the best candidate with a different
    /// score (exact ties come only from duplicated documents), so the generator can refuse near-ties.</param>
    public static (Tensor Indices, Tensor Scores) Select(Tensor queries, Tensor documents, long k, double lambda, List<double>? gaps = null)
    {
        var relevance = CosineSimilarity.Of(queries, documents);    // (Q, N)
        var similarity = CosineSimilarity.Of(documents, documents); // (N, N)
        var picks = new List<Tensor>();
        var values = new List<Tensor>();
        for (long q = 0; q < queries.shape[0]; q++)
        {
            var (indices, scores) = SelectOne(relevance[q], similarity, k, lambda, gaps);
            picks.Add(indices);
            values.Add(scores);
        }
        return (stack(picks), stack(values));
    }

    static (Tensor Indices, Tensor Scores) SelectOne(Tensor relevance, Tensor similarity, long k, double lambda, List<double>? gaps)
    {
        var n = relevance.shape[0];
        var selected = zeros([n], ScalarType.Bool);
        var redundancy = zeros([n], ScalarType.Float64);   // max similarity to the selected set; 0 while it is empty
        var indices = new long[k];
        var scores = new double[k];
        for (var step = 0; step < k; step++)
        {
            var mmr = (lambda * relevance - (1 - lambda) * redundancy).masked_fill(selected, double.NegativeInfinity);
            var (best, order) = Ranking.Descending(mmr);
            var pick = order[0].item<long>();
            indices[step] = pick;
            scores[step] = best[0].item<double>();
            if (gaps is not null)
            {
                var below = best.masked_select(best.isfinite().logical_and(best < best[0]));
                gaps.Add(below.numel() == 0 ? double.PositiveInfinity : (best[0] - below[0]).item<double>());
            }
            selected[pick] = true;
            // The first pick sets the redundancy outright: a similarity may be negative, and max with the initial 0 would hide it.
            redundancy = step == 0 ? similarity[pick].clone() : maximum(redundancy, similarity[pick]);
        }
        return (tensor(indices, ScalarType.Int64), tensor(scores, ScalarType.Float64));
    }
}
