using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// Dense retrieval: score every document embedding against each query and keep the k best, highest score first,
/// ties by the lowest document index.
/// </summary>
public static class DenseRetrieval
{
    /// <param name="queries">(Q, D) query embeddings.</param>
    /// <param name="documents">(N, D) document embeddings, one row per document.</param>
    /// <param name="similarity">"cosine" or "dot".</param>
    /// <returns>indices (Q, k), 0-based document rows, and their scores (Q, k).</returns>
    public static (Tensor Indices, Tensor Scores) TopK(Tensor queries, Tensor documents, long k, string similarity, StageTrace? trace = null)
    {
        var scores = trace.Keep("similarities", similarity switch
        {
            "cosine" => CosineSimilarity.Of(queries, documents),
            "dot" => CosineSimilarity.Dot(queries, documents),
            _ => throw new ArgumentException($"similarity '{similarity}' is not cosine or dot"),
        });
        var (values, indices) = Ranking.Descending(scores);
        return (indices.narrow(1, 0, k), values.narrow(1, 0, k));
    }
}
