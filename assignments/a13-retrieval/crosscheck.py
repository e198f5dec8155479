"""Independent check of the TorchSharp reference for a13. Dense scores by torch.nn.functional.cosine_similarity (and
torch.inner for dot); BM25 and MMR in plain Python (math, lists and dicts: no NumPy, no torch); reciprocal rank
fusion, the vote, the ranking metrics and the chunk spans in plain Python too. Every ranking comes from Python's
sorted(), which is stable, so equal scores keep the lowest index first without relying on any tensor library's sort."""
import math
from collections import Counter

import torch
import torch.nn.functional as F

import crosscheck


def _ranking(scores):
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def top_k(queries, documents, k, similarity):
    q, d = queries.double(), documents.double()
    if similarity == "cosine":
        scores = F.cosine_similarity(q.unsqueeze(1), d.unsqueeze(0), dim=-1)
    else:
        scores = torch.inner(q, d)
    rows = scores.tolist()
    indices = [_ranking(row)[:k] for row in rows]
    return {"indices": torch.tensor(indices, dtype=torch.float64),
            "scores": torch.tensor([[row[i] for i in top] for row, top in zip(rows, indices)], dtype=torch.float64),
            "similarities": scores}


def bm25(corpus, queries, k1, b):
    # Plain Python, term by term, from the formula in the statement.
    n = len(corpus)
    lengths = [len(d) for d in corpus]
    avgdl = sum(lengths) / n
    scores = []
    for query in queries:
        row = []
        for document, length in zip(corpus, lengths):
            total = 0.0
            for term in query:
                df = sum(1 for other in corpus if term in other)
                idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
                tf = document.count(term)
                total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))
            row.append(total)
        scores.append(row)
    return {"scores": scores, "ranking": [_ranking(row) for row in scores], "doc_length": lengths, "avgdl": avgdl}


def _cos(u, v):
    return sum(a * b for a, b in zip(u, v)) / (math.sqrt(sum(a * a for a in u)) * math.sqrt(sum(b * b for b in v)))


def mmr(queries, documents, k, lam):
    # Plain Python lists: the greedy loop written out from Carbonell and Goldstein's definition.
    docs = documents.double().tolist()
    indices, values = [], []
    for query in queries.double().tolist():
        relevance = [_cos(query, d) for d in docs]
        chosen, chosen_scores = [], []
        for _ in range(k):
            best, best_score = None, -math.inf
            for i, d in enumerate(docs):
                if i in chosen:
                    continue
                redundancy = max((_cos(d, docs[s]) for s in chosen), default=0.0)
                score = lam * relevance[i] - (1 - lam) * redundancy
                if score > best_score:  # strictly greater: the lowest index keeps a tie
                    best, best_score = i, score
            chosen.append(best)
            chosen_scores.append(best_score)
        indices.append(chosen)
        values.append(chosen_scores)
    return {"indices": indices, "scores": values}


def reciprocal_rank_fusion(rankings, n_documents, k):
    scores = [0.0] * n_documents
    for ranking in rankings.tolist():
        for position, document in enumerate(ranking):
            scores[document] += 1.0 / (k + position + 1)
    return {"scores": scores, "ranking": _ranking(scores)}


def self_consistency(answers):
    index, confidence = [], []
    for samples in answers:
        votes = [" ".join(a.lower().split()) for a in samples]
        counts = Counter(votes)
        # Counter.most_common sorts by count only, stably, so equal counts stay in first-seen order.
        winner, count = counts.most_common(1)[0]
        index.append(votes.index(winner))
        confidence.append(count / len(votes))
    return {"index": index, "confidence": confidence}


def ranking_metrics(ranking, relevance, k):
    # Plain Python, query by query, from the definitions in the statement.
    out = {"recall": [], "precision": [], "hit": [], "mrr": [], "ndcg": []}
    for order, labels in zip(ranking.tolist(), relevance.tolist()):
        top = [labels[d] for d in order[:k]]
        relevant = sum(1 for g in labels if g > 0)
        found = sum(1 for g in top if g > 0)
        out["recall"].append(found / relevant if relevant else 0.0)
        out["precision"].append(found / k)
        out["hit"].append(1.0 if found else 0.0)
        out["mrr"].append(next((1.0 / (i + 1) for i, g in enumerate(top) if g > 0), 0.0))
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(top))
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(labels, reverse=True)[:k]))
        out["ndcg"].append(dcg / idcg if idcg > 0 else 0.0)
    out["means"] = [sum(v) / len(v) for v in (out["recall"], out["precision"], out["hit"], out["mrr"], out["ndcg"])]
    return out


def chunk_spans(n_tokens, size, overlap):
    # Every window start 0, stride, 2·stride, ... is kept unless the window before it already reached the end.
    stride = size - overlap
    spans = []
    for start in range(0, n_tokens, stride):
        if spans and spans[-1][1] == n_tokens:
            break
        spans.append([start, min(start + size, n_tokens)])
    return {"spans": spans}


crosscheck.run(globals())
