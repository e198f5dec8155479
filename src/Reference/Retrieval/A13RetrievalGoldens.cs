using System.Text.Json.Nodes;
using Course.Contracts.Manifest;
using Course.Reference.Goldens;
using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>
/// a13-retrieval: dense top-k, BM25, MMR, reciprocal rank fusion, self-consistency voting, ranking metrics and chunk
/// spans. Every random case is drawn from the seed and redrawn until its ties are exact and its other scores are apart
/// by far more than float32 rounding, so a correct float32 answer never orders two documents differently from the
/// reference.
/// </summary>
public sealed class A13RetrievalGoldens : IGoldenGenerator
{
    public string Name => "a13-retrieval";

    const int Attempts = 200;

    /// <summary>Words of the BM25 corpora, most frequent first (drawn with Zipf weights 1/(rank + 1)).</summary>
    static readonly string[] Words =
    [
        "the", "retrieval", "vector", "query", "index", "model", "rank", "score", "token", "dense",
        "sparse", "answer", "corpus", "term", "embedding", "search", "passage", "fusion", "cosine", "length",
    ];

    /// <summary>Answers a sampled chain of thought might end with; the voting cases draw from them.</summary>
    static readonly string[] Answers =
    [
        "42", "17", "3.5", "paris", "blue whale", "x = 3", "1/2", "-8", "no", "mount everest", "carbon dioxide", "12 apples",
    ];

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "top_k": TopK(test, p, set, call); break;
            case "bm25": Bm25Case(test, p, set, call); break;
            case "mmr": Mmr(test, p, set, call); break;
            case "reciprocal_rank_fusion": Fusion(test, p, set, call); break;
            case "self_consistency": Vote(test, p, set, call); break;
            case "ranking_metrics": Metrics(test, p, set, call); break;
            case "chunk_spans": Chunks(p, set, call); break;
            default: throw new ArgumentException($"test '{test.Name}': a13 has no entry point '{test.Entry}'");
        }
    }

    static T Draw<T>(TestSpec test, Func<T?> attempt) where T : class
    {
        for (var i = 0; i < Attempts; i++)
            if (attempt() is { } found) return found;
        throw new InvalidOperationException($"test '{test.Name}': no case met its conditions in {Attempts} draws; change the case");
    }

    /// <summary>Whether the sorted rows' first <paramref name="count"/> neighbours are equal or at least <paramref name="gap"/> apart, and whether any are equal.</summary>
    static (bool Separated, bool Tied) Separation(Tensor sorted, long count, double gap)
    {
        var head = sorted.narrow(-1, 0, Math.Min(count, sorted.shape[^1]));
        var step = head.narrow(-1, 0, head.shape[^1] - 1) - head.narrow(-1, 1, head.shape[^1] - 1);
        var tied = step == 0;
        return ((tied.logical_or(step >= gap)).all().item<bool>(), tied.any().item<bool>());
    }

    static void TopK(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var dtype = p.DType();
        var (q, n, d, k) = (p.Int("queries"), p.Int("documents"), p.Int("dim"), p.Int("k"));
        var (similarity, copies) = (p.Text("similarity"), p.Int("copies", 0));
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        var (queries, documents) = Draw(test, () =>
        {
            Tensor qs, docs;
            if (similarity == "dot")
            {
                // Small integers: every dot product is an exact integer in any precision, and equal ones are common.
                docs = randint(-3, 4, [n, d], ScalarType.Int64).to_type(ScalarType.Float64);
                qs = randint(-3, 4, [q, d], ScalarType.Int64).to_type(ScalarType.Float64);
            }
            else
            {
                // Rows of unequal length, so a dot product ranks them differently from the cosine.
                var baseRows = Stored(randn([n - copies, d], ScalarType.Float64) * (0.4 + 1.6 * rand([n - copies, 1], ScalarType.Float64)));
                var anchors = randint(0, n - copies, [q], ScalarType.Int64);
                qs = Stored(baseRows.index_select(0, anchors) / baseRows.index_select(0, anchors).norm(1, true) + 0.5 * randn([q, d], ScalarType.Float64));
                // Copies of rows near the queries: an exact duplicate, then twice and half the row. Scaling by 2 is exact
                // in float32 and float64, so their cosines equal the original's to the last bit: ties that must go to
                // the lowest index, and that a dot product splits.
                var scale = new[] { 1.0, 2.0, 0.5 };
                var extra = Enumerable.Range(0, (int)copies).Select(i => baseRows[anchors[i % q]] * scale[i % 3]).ToList();
                docs = cat([baseRows, .. extra.Select(r => r.unsqueeze(0))], 0);
                docs = docs.index_select(0, randperm(n, ScalarType.Int64));
            }
            var sorted = Ranking.Descending(DenseRetrieval.TopK(qs, docs, n, similarity).Scores).Values;
            var (separated, tied) = Separation(sorted, k + 1, similarity == "dot" ? 0.5 : 1e-4);
            return separated && (tied || copies == 0) ? Tuple.Create(qs, docs) : null;
        });
        set.Input(call, "queries", queries.to_type(dtype));
        set.Input(call, "documents", documents.to_type(dtype));
        set.Value(call, "k", k);
        set.Value(call, "similarity", similarity);
        var trace = new StageTrace();
        var (indices, scores) = DenseRetrieval.TopK(queries, documents, k, similarity, trace);
        set.Expect(call, "indices", indices);
        set.Expect(call, "scores", scores);
        set.ExpectStages(call, trace);
    }

    static string[] Tokens(Tensor probabilities, long count) =>
        multinomial(probabilities, count, replacement: true).data<long>().ToArray().Select(i => Words[i]).ToArray();

    static void Bm25Case(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (n, vocabulary, minLength, maxLength) = (p.Int("documents"), p.Int("vocabulary"), p.Int("min_length"), p.Int("max_length"));
        var (q, queryLength, k1, b) = (p.Int("queries"), p.Int("query_length"), p.Double("k1"), p.Double("b"));
        var zipf = 1.0 / arange(1, vocabulary + 1, ScalarType.Float64);
        var (corpus, queries) = Draw(test, () =>
        {
            var docs = Enumerable.Range(0, (int)n).Select(_ => Tokens(zipf, randint(minLength, maxLength + 1, [1], ScalarType.Int64).item<long>())).ToList();
            if (p.Flag("duplicate"))
            {
                // The same words in reverse order: the same term counts and length, so the same score to the last bit.
                var (from, to) = (randint(0, n, [1], ScalarType.Int64).item<long>(), randint(0, n, [1], ScalarType.Int64).item<long>());
                if (from != to) docs[(int)to] = docs[(int)from].Reverse().ToArray();
            }
            var qs = Enumerable.Range(0, (int)q).Select(_ =>
                randperm(vocabulary, ScalarType.Int64).narrow(0, 0, queryLength).data<long>().ToArray().Select(i => Words[i]).ToList()).ToList();
            if (p.Flag("repeat")) qs[0].Add(qs[0][0]);           // a query term given twice counts twice
            if (p.Flag("unseen")) qs[^1].Add("zebra");           // a term no document contains adds nothing
            var query = qs.Select(t => t.ToArray()).ToList();
            var (scores, _) = Bm25.Of(docs, query, k1, b);
            var (separated, tied) = Separation(Ranking.Descending(scores).Values, n, 1e-5);
            return separated && tied ? Tuple.Create(docs, query) : null;
        });
        set.Value(call, "corpus", Json(corpus));
        set.Value(call, "queries", Json(queries));
        set.Value(call, "k1", k1);
        set.Value(call, "b", b);
        var trace = new StageTrace();
        var (s, ranking) = Bm25.Of(corpus, queries, k1, b, trace);
        set.Expect(call, "scores", s);
        set.Expect(call, "ranking", ranking);
        set.ExpectStages(call, trace);
    }

    static JsonArray Json(IEnumerable<IEnumerable<string>> lists) =>
        new(lists.Select(l => (JsonNode)new JsonArray(l.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray())).ToArray());

    static void Mmr(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var dtype = p.DType();
        var (q, n, d, k, clusters) = (p.Int("queries"), p.Int("documents"), p.Int("dim"), p.Int("k"), p.Int("clusters"));
        var lambda = p.Double("lambda");
        Tensor Stored(Tensor t) => t.to_type(dtype).to_type(ScalarType.Float64);
        var (queries, documents) = Draw(test, () =>
        {
            // Documents in tight clusters, so the most relevant ones repeat each other and MMR has something to skip.
            var centres = randn([clusters, d], ScalarType.Float64);
            var docs = Stored(centres.index_select(0, randint(0, clusters, [n], ScalarType.Int64)) + 0.35 * randn([n, d], ScalarType.Float64));
            var qs = Stored(centres.index_select(0, randint(0, clusters, [q], ScalarType.Int64)) + 0.6 * randn([q, d], ScalarType.Float64));
            // An exact copy of the first query's most relevant document, somewhere else: the first pick is a tie.
            var top = Ranking.Descending(CosineSimilarity.Of(qs.narrow(0, 0, 1), docs)).Indices[0, 0].item<long>();
            var at = randint(0, n, [1], ScalarType.Int64).item<long>();
            if (at == top) return null;
            docs[at] = docs[top].clone();
            var gaps = new List<double>();
            MaximalMarginalRelevance.Select(qs, docs, k, lambda, gaps);
            return gaps.All(g => g >= 1e-4) ? Tuple.Create(qs, docs) : null;
        });
        set.Input(call, "queries", queries.to_type(dtype));
        set.Input(call, "documents", documents.to_type(dtype));
        set.Value(call, "k", k);
        set.Value(call, "lam", lambda);
        var (indices, scores) = MaximalMarginalRelevance.Select(queries, documents, k, lambda);
        set.Expect(call, "indices", indices);
        set.Expect(call, "scores", scores);
    }

    static void Fusion(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (n, m, k) = (p.Int("documents"), p.Int("length"), p.Int("k"));
        var rankings = Draw(test, () =>
        {
            var r = stack([randperm(n, ScalarType.Int64).narrow(0, 0, m), randperm(n, ScalarType.Int64).narrow(0, 0, m)]);
            var (scores, _) = ReciprocalRankFusion.Fuse(r, n, k);
            var (separated, tied) = Separation(Ranking.Descending(scores).Values, n, 1e-7);
            // Ties other than the zeros of unranked documents: equal sums from different ranks.
            var positive = scores.masked_select(scores > 0);
            var tiedRanked = positive.unique().Item1.numel() < positive.numel();
            return separated && tiedRanked ? r : null;
        });
        set.Input(call, "rankings", rankings);
        set.Value(call, "n_documents", n);
        set.Value(call, "k", k);
        var (fused, ranking) = ReciprocalRankFusion.Fuse(rankings, n, k);
        set.Expect(call, "scores", fused);
        set.Expect(call, "ranking", ranking);
    }

    /// <summary>One way a sampled answer may be written: as is, upper case, capitalised, or with extra spaces.</summary>
    static string Variant(string answer, long style) => style switch
    {
        0 => answer,
        1 => answer.ToUpperInvariant(),
        2 => char.ToUpperInvariant(answer[0]) + answer[1..],
        _ => "  " + answer.Replace(" ", "   ") + " \n",
    };

    static void Vote(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (q, minSamples, maxSamples, choices) = (p.Int("questions"), p.Int("min_samples"), p.Int("max_samples"), p.Int("choices"));
        var samples = Draw(test, () =>
        {
            var all = new List<List<string>>();
            for (var i = 0; i < q; i++)
            {
                var pool = randperm(Answers.Length, ScalarType.Int64).narrow(0, 0, choices).data<long>().ToArray().Select(j => Answers[j]).ToArray();
                var weights = 0.2 + rand([choices], ScalarType.Float64);
                var count = randint(minSamples, maxSamples + 1, [1], ScalarType.Int64).item<long>();
                var picks = multinomial(weights, count, replacement: true).data<long>().ToArray();
                var styles = randint(0, 4, [count], ScalarType.Int64).data<long>().ToArray();
                all.Add(picks.Zip(styles, (a, s) => Variant(pool[a], s)).ToList());
            }
            return Interesting(all) ? all : null;
        });
        set.Value(call, "answers", Json(samples));
        var (index, confidence) = SelfConsistency.Of(samples);
        set.Expect(call, "index", index);
        set.Expect(call, "confidence", confidence);
    }

    /// <summary>
    /// The cases a vote can get wrong, each in some question: a tie for the lead whose first-seen answer is neither the
    /// alphabetically smallest nor the last seen; a winner that is not the first sample; a winner written two ways.
    /// </summary>
    static bool Interesting(List<List<string>> questions)
    {
        bool tie = false, late = false, spelled = false;
        foreach (var raw in questions)
        {
            var normalised = raw.Select(SelfConsistency.Normalise).ToList();
            var counts = normalised.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
            var top = counts.Values.Max();
            var leaders = normalised.Distinct().Where(a => counts[a] == top).ToList();   // in first-seen order
            var (index, _) = SelfConsistency.Vote(raw);
            if (leaders.Count > 1 && string.CompareOrdinal(leaders[0], leaders.Min(StringComparer.Ordinal)) != 0
                && normalised.LastIndexOf(leaders[0]) < normalised.LastIndexOf(leaders[^1])) tie = true;
            if (index > 0) late = true;
            if (raw.Where((a, i) => normalised[i] == normalised[(int)index]).Distinct().Count() > 1) spelled = true;
        }
        return tie && late && spelled;
    }

    static void Metrics(TestSpec test, CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (q, n, k, maxLabel) = (p.Int("queries"), p.Int("documents"), p.Int("k"), p.Int("max_label"));
        var (ranking, relevance) = Draw(test, () =>
        {
            var r = stack(Enumerable.Range(0, (int)q).Select(_ => randperm(n, ScalarType.Int64)).ToArray());
            var labels = randint(1, maxLabel + 1, [q, n], ScalarType.Int64).to_type(ScalarType.Float64);
            var rel = labels * (rand([q, n], ScalarType.Float64) < 0.3).to_type(ScalarType.Float64);
            if (p.Flag("empty")) rel[q - 1] = zeros([n], ScalarType.Float64);   // a query with nothing relevant
            var inRank = rel.gather(1, r);
            var top = inRank.narrow(1, 0, k) > 0;
            var relevantCount = (rel > 0).sum([1L]);
            // Cases a metric can get wrong, each in some query: several relevant documents (recall is not hit); a
            // relevant document below the cut (the ideal DCG counts it); none in the top k but some below (MRR@k is 0).
            var several = (relevantCount >= 2).any().item<bool>();
            var below = ((inRank.narrow(1, k, n - k) > 0).any(1)).any().item<bool>();
            var missed = (top.any(1).logical_not().logical_and(relevantCount > 0)).any().item<bool>();
            var graded = maxLabel == 1 || (inRank.narrow(1, 0, k) > 1).any().item<bool>();
            return several && below && missed && graded ? Tuple.Create(r, rel) : null;
        });
        set.Input(call, "ranking", ranking);
        set.Input(call, "relevance", relevance.to_type(ScalarType.Int64));
        set.Value(call, "k", k);
        var (recall, precision, hit, rr, ndcg, means) = RankingMetrics.Of(ranking, relevance, k);
        set.Expect(call, "recall", recall);
        set.Expect(call, "precision", precision);
        set.Expect(call, "hit", hit);
        set.Expect(call, "mrr", rr);
        set.Expect(call, "ndcg", ndcg);
        set.Expect(call, "means", means);
    }

    static void Chunks(CaseParameters p, GoldenSet set, GoldenCall call)
    {
        var (tokens, size, overlap) = (p.Int("tokens"), p.Int("size"), p.Int("overlap"));
        set.Value(call, "n_tokens", tokens);
        set.Value(call, "size", size);
        set.Value(call, "overlap", overlap);
        set.Expect(call, "spans", Chunking.Spans(tokens, size, overlap));
    }
}
