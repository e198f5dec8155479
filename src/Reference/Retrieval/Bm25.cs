using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Okapi BM25 over a pre-tokenised corpus, with Lucene's non-negative IDF and the classic (k1 + 1) numerator:
/// score(q, d) = Σ_{t in q} idf(t) · tf(t, d)·(k1 + 1) / (tf(t, d) + k1·(1 − b + b·|d| / avgdl)),
/// idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)). A query term that occurs twice is summed twice.
/// </summary>
public static class Bm25
{
    /// <summary>Lucene's IDF: always positive, unlike Robertson's ln((N − n + 0.5) / (n + 0.5)).</summary>
    public static Tensor Idf(Tensor documentFrequency, long documents) =>
        (1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5)).log();

    /// <returns>scores (Q, N) and each query's ranking (Q, N) of all documents, best first, ties by the lowest index.</returns>
    public static (Tensor Scores, Tensor Ranking) Of(IReadOnlyList<string[]> corpus, IReadOnlyList<string[]> queries, double k1, double b, StageTrace? trace = null)
    {
        var n = corpus.Count;
        var length = trace.Keep("doc_length", tensor(corpus.Select(d => (double)d.Length).ToArray(), ScalarType.Float64));
        var avgdl = trace.Keep("avgdl", length.mean());
        var lengthNorm = k1 * (1 - b + b * length / avgdl);   // (N): the denominator's k1·(1 − b + b·|d|/avgdl)
        var scores = stack(queries.Select(query =>
        {
            // tf (N, Lq): one column per query token, so a repeated token contributes once per occurrence.
            var tf = tensor(corpus.SelectMany(d => query.Select(t => (double)d.Count(w => w == t))).ToArray(),
                [n, query.Length], ScalarType.Float64);
            var idf = Idf((tf > 0).to_type(ScalarType.Float64).sum([0L]), n);   // (Lq)
            var saturated = tf * (k1 + 1) / (tf + lengthNorm.unsqueeze(1));     // (N, Lq)
            return (saturated * idf).sum([1L]);
        }).ToArray());
        return (scores, Ranking.Descending(scores).Indices);
    }
}
