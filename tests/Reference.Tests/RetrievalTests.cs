using Course.Reference.Retrieval;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a13's reference: rankings, BM25, MMR, reciprocal rank fusion and the vote, on cases worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class RetrievalTests
{
    static Tensor T(double[] values, params long[] shape) => tensor(values, shape, ScalarType.Float64);

    static long[] Longs(Tensor t) => t.to_type(ScalarType.Int64).data<long>().ToArray();

    static double[] Doubles(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

    [Fact]
    public void A_ranking_puts_equal_scores_in_index_order()
    {
        using var scope = NewDisposeScope();
        // The statement's example, where torch.topk(4) gives [3, 5, 0, 2].
        var (values, indices) = Ranking.Descending(T([1, 0, 1, 1, 0, 1], 6));
        Assert.Equal([0L, 2, 3, 5, 1, 4], Longs(indices));
        Assert.Equal([1.0, 1, 1, 1, 0, 0], Doubles(values));
    }

    [Fact]
    public void Cosine_ignores_length_and_ties_go_to_the_lowest_index_while_dot_prefers_long_vectors()
    {
        using var scope = NewDisposeScope();
        // q = (1, 0). Documents (0, 1), (2, 0), (1, 0), (1, 1): cosines 0, 1, 1, 1/√2; dots 0, 2, 1, 1.
        var q = T([1, 0], 1, 2);
        var docs = T([0, 1, 2, 0, 1, 0, 1, 1], 4, 2);
        var (cosIdx, cosScores) = DenseRetrieval.TopK(q, docs, 3, "cosine");
        Assert.Equal([1L, 2, 3], Longs(cosIdx));
        Assert.Equal([1.0, 1.0, 1 / Math.Sqrt(2)], Doubles(cosScores), (a, b) => Math.Abs(a - b) < 1e-12);
        var (dotIdx, dotScores) = DenseRetrieval.TopK(q, docs, 3, "dot");
        Assert.Equal([1L, 2, 3], Longs(dotIdx));   // d2 and d3 tie at 1: the lower index first
        Assert.Equal([2.0, 1, 1], Doubles(dotScores));
    }

    [Fact]
    public void Top_k_answers_each_query_of_a_batch_on_its_own()
    {
        using var scope = NewDisposeScope();
        // Two queries (1, 0) and (0, 1) against three documents: each query's best differs, so a transposed score matrix shows.
        var (indices, _) = DenseRetrieval.TopK(T([1, 0, 0, 1], 2, 2), T([0, 3, 2, 1, 1, 0], 3, 2), 2, "cosine");
        Assert.Equal([2L, 1, 0, 1], Longs(indices));
    }

    [Fact]
    public void Bm25_matches_the_formula_with_lucene_idf_and_the_k1_plus_one_numerator()
    {
        using var scope = NewDisposeScope();
        // d0 = [a, b] (2 tokens), d1 = [a, a, c, d] (4 tokens): N = 2, avgdl = 3. k1 = 1.2, b = 0.75.
        // Query [a]: n = 2, idf = ln(1 + 0.5/2.5) = ln 1.2 (positive although a is in every document).
        //   d0: tf 1, k1(1 − b + b·2/3) = 0.9 → 2.2/1.9;  d1: tf 2, k1(1 − b + b·4/3) = 1.5 → 4.4/3.5.
        // Query [c, c]: n = 1, idf = ln 2, d1: tf 1 → 2.2/2.5, counted twice; d0 has no c.
        // Query [z]: no document has z, every score is 0 and the ranking is the index order.
        string[][] corpus = [["a", "b"], ["a", "a", "c", "d"]];
        var trace = new StageTrace();
        var (scores, ranking) = Bm25.Of(corpus, [["a"], ["c", "c"], ["z"]], 1.2, 0.75, trace);
        double[] want = [Math.Log(1.2) * 2.2 / 1.9, Math.Log(1.2) * 4.4 / 3.5, 0, 2 * Math.Log(2) * 2.2 / 2.5, 0, 0];
        Assert.Equal(want, Doubles(scores), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([1L, 0, 1, 0, 0, 1], Longs(ranking));
        Assert.Equal(3.0, trace.Stages.Single(s => s.Name == "avgdl").Value.item<double>());
    }

    [Fact]
    public void Lucene_idf_stays_positive_where_robertson_idf_goes_negative()
    {
        using var scope = NewDisposeScope();
        // A term in 9 of 10 documents: Robertson's ln(1.5 / 9.5) < 0; Lucene's ln(1 + 1.5/9.5) > 0.
        var idf = Bm25.Idf(T([9], 1), 10).item<double>();
        Assert.Equal(Math.Log(1 + 1.5 / 9.5), idf, 1e-12);
        Assert.True(idf > 0);
    }

    [Fact]
    public void Mmr_picks_the_most_relevant_first_then_trades_relevance_for_novelty_by_lambda()
    {
        using var scope = NewDisposeScope();
        // q = (1, 0); d0 = d1 = (1, 0) (duplicates), d2 = (0, 1), d3 = (1, 1). Relevance 1, 1, 0, 1/√2.
        var q = T([1, 0], 1, 2);
        var docs = T([1, 0, 1, 0, 0, 1, 1, 1], 4, 2);
        var r = 1 / Math.Sqrt(2);
        // λ = 0.7: d0 (tie with d1, lower index); then d1 0.7 − 0.3 = 0.4 beats d3 0.4/√2 and d2 0; then d3; then d2 (−0.3/√2).
        var (high, highScores) = MaximalMarginalRelevance.Select(q, docs, 4, 0.7);
        Assert.Equal([0L, 1, 3, 2], Longs(high));
        Assert.Equal([0.7, 0.4, 0.4 * r, -0.3 * r], Doubles(highScores), (a, b) => Math.Abs(a - b) < 1e-12);
        // λ = 0.3: after d0 the duplicate scores 0.3 − 0.7 = −0.4 and the orthogonal d2 scores 0, so d2 comes second.
        var (low, lowScores) = MaximalMarginalRelevance.Select(q, docs, 4, 0.3);
        Assert.Equal([0L, 2, 3, 1], Longs(low));
        Assert.Equal([0.3, 0, -0.4 * r, -0.4], Doubles(lowScores), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Mmr_redundancy_may_be_negative_once_a_document_is_selected()
    {
        using var scope = NewDisposeScope();
        // q = (1, 0); d0 = (1, 0), d1 = (−1, 1), d2 = (0, 1); λ = 0.5. After d0, d1 scores 0.5·(−1/√2) − 0.5·(−1/√2) = 0
        // and d2 scores 0: a tie that d1 wins. A running maximum started at 0 would give d1 −0.35 and pick d2.
        var (indices, scores) = MaximalMarginalRelevance.Select(T([1, 0], 1, 2), T([1, 0, -1, 1, 0, 1], 3, 2), 3, 0.5);
        Assert.Equal([0L, 1, 2], Longs(indices));
        Assert.Equal(0.0, Doubles(scores)[1], 1e-15);
    }

    [Fact]
    public void Rrf_uses_one_based_ranks_and_k_and_breaks_ties_by_index()
    {
        using var scope = NewDisposeScope();
        // Rankings [0, 1, 2] and [2, 3, 0] of five documents, k = 60: d0 = 1/61 + 1/63 = d2, d1 = d3 = 1/62, d4 = 0.
        var rankings = tensor(new long[] { 0, 1, 2, 2, 3, 0 }, [2, 3], ScalarType.Int64);
        var (scores, ranking) = ReciprocalRankFusion.Fuse(rankings, 5, 60);
        Assert.Equal([1.0 / 61 + 1.0 / 63, 1.0 / 62, 1.0 / 63 + 1.0 / 61, 1.0 / 62, 0], Doubles(scores), (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal([0L, 2, 1, 3, 4], Longs(ranking));
    }

    [Fact]
    public void Answers_are_normalised_by_case_and_whitespace_only()
    {
        Assert.Equal("blue whale", SelfConsistency.Normalise("  Blue \t WHALE\n"));
        Assert.Equal("42.0", SelfConsistency.Normalise(" 42.0 "));
        Assert.NotEqual(SelfConsistency.Normalise("42"), SelfConsistency.Normalise("42.0"));
    }

    [Fact]
    public void The_vote_goes_to_the_most_frequent_answer_and_a_tie_to_the_one_seen_first()
    {
        // "B" and "b" are one answer, first seen at 1; "a" also has two votes but is first seen at 2, and is smaller
        // alphabetically: the first-seen rule picks b.
        Assert.Equal((1L, 0.4), SelfConsistency.Vote(["x", "B", "a", "A", "b"]));
        // "Paris" in three spellings outvotes two "London"s; the first Paris is sample 1.
        Assert.Equal((1L, 0.6), SelfConsistency.Vote(["London", "Paris", " paris", "london", "PARIS "]));
        using var scope = NewDisposeScope();
        var (index, confidence) = SelfConsistency.Of([["7"], ["a", "b", "b"]]);
        Assert.Equal([0L, 1], Longs(index));
        Assert.Equal([1.0, 2.0 / 3], Doubles(confidence));
    }

    [Fact]
    public void Ranking_metrics_at_k_match_their_definitions_and_a_query_without_relevant_documents_scores_zero()
    {
        using var scope = NewDisposeScope();
        // Query 0: ranking [4, 2, 0, 1, 3], labels by document [2, 0, 1, 3, 0], k = 3: the top 3 carry labels 0, 1, 2.
        // Three relevant documents, two found: recall 2/3, precision 2/3, hit 1, first relevant at rank 2: MRR 1/2.
        // DCG = 1/log2 3 + 2/log2 4; the ideal order of all labels, 3, 2, 1, gives IDCG = 3 + 2/log2 3 + 1/2 (d3 was
        // not retrieved, and still counts). Query 1 has no relevant document: 0 everywhere, and it counts in the means.
        var ranking = tensor(new long[] { 4, 2, 0, 1, 3, 0, 1, 2, 3, 4 }, [2, 5], ScalarType.Int64);
        var relevance = T([2, 0, 1, 3, 0, 0, 0, 0, 0, 0], 2, 5);
        var (recall, precision, hit, rr, ndcg, means) = RankingMetrics.Of(ranking, relevance, 3);
        var log3 = Math.Log2(3);
        var n0 = (1 / log3 + 1) / (3.5 + 2 / log3);
        bool Close(double a, double b) => Math.Abs(a - b) < 1e-12;
        Assert.Equal([2.0 / 3, 0], Doubles(recall), Close);
        Assert.Equal([2.0 / 3, 0], Doubles(precision), Close);
        Assert.Equal([1.0, 0], Doubles(hit));
        Assert.Equal([0.5, 0], Doubles(rr));
        Assert.Equal([n0, 0], Doubles(ndcg), Close);
        Assert.Equal([1.0 / 3, 1.0 / 3, 0.5, 0.25, n0 / 2], Doubles(means), Close);
    }

    [Fact]
    public void Mrr_at_k_ignores_a_relevant_document_below_the_cut()
    {
        using var scope = NewDisposeScope();
        // The only relevant document is ranked 4th: with k = 3, hit, MRR, recall and nDCG are all 0.
        var (recall, _, hit, rr, ndcg, _) = RankingMetrics.Of(tensor(new long[] { 0, 1, 2, 3 }, [1, 4], ScalarType.Int64), T([0, 0, 0, 1], 1, 4), 3);
        Assert.Equal([0.0, 0, 0, 0], new[] { recall, hit, rr, ndcg }.Select(t => t.item<double>()));
    }

    [Theory]
    [InlineData(23, 8, 3, new long[] { 0, 8, 5, 13, 10, 18, 15, 23 })]     // the 4th window ends at 23: no 5th inside it
    [InlineData(30, 8, 2, new long[] { 0, 8, 6, 14, 12, 20, 18, 26, 24, 30 })] // the last window is short, not shifted back
    [InlineData(10, 4, 0, new long[] { 0, 4, 4, 8, 8, 10 })]
    [InlineData(5, 8, 2, new long[] { 0, 5 })]                              // shorter than one window
    public void Chunks_step_by_size_minus_overlap_and_stop_at_the_first_that_reaches_the_end(long tokens, long size, long overlap, long[] spans)
    {
        using var scope = NewDisposeScope();
        var got = Chunking.Spans(tokens, size, overlap);
        Assert.Equal([spans.Length / 2, 2], got.shape);
        Assert.Equal(spans, Longs(got));
    }
}
