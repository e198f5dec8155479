"""a13 · Retrieval and self-consistency: a NumPy solution in float64."""
import math
from collections import Counter

import numpy as np


def _rank(scores):
    """Indices of `scores` along the last axis, highest first; equal scores keep their order (lowest index first).
    np.argsort(-s, kind="stable") does this; plain np.argsort(-s) and torch.topk promise nothing for ties."""
    return np.argsort(-scores, axis=-1, kind="stable")


def _cosine(a, b):
    """(M, D) x (N, D) -> (M, N) cosine similarities."""
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return a @ b.T


def top_k(queries, documents, k, similarity):
    queries = np.asarray(queries, dtype=np.float64)
    documents = np.asarray(documents, dtype=np.float64)
    scores = _cosine(queries, documents) if similarity == "cosine" else queries @ documents.T
    order = _rank(scores)[:, :k]
    return order, np.take_along_axis(scores, order, axis=1), {"similarities": scores}


def bm25(corpus, queries, k1, b):
    n = len(corpus)
    doc_length = np.array([len(d) for d in corpus], dtype=np.float64)
    avgdl = doc_length.mean()
    counts = [Counter(d) for d in corpus]
    document_frequency = Counter(t for d in corpus for t in set(d))
    length_norm = k1 * (1 - b + b * doc_length / avgdl)
    scores = np.zeros((len(queries), n))
    for qi, query in enumerate(queries):
        for term in query:  # a repeated term is summed once per occurrence
            df = document_frequency[term]
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            tf = np.array([c[term] for c in counts], dtype=np.float64)
            scores[qi] += idf * tf * (k1 + 1) / (tf + length_norm)
    return scores, _rank(scores), {"doc_length": doc_length, "avgdl": avgdl}


def mmr(queries, documents, k, lam):
    queries = np.asarray(queries, dtype=np.float64)
    documents = np.asarray(documents, dtype=np.float64)
    relevance = _cosine(queries, documents)
    similarity = _cosine(documents, documents)
    indices = np.zeros((len(queries), k), dtype=np.int64)
    scores = np.zeros((len(queries), k))
    for q in range(len(queries)):
        selected = []
        for step in range(k):
            redundancy = similarity[:, selected].max(axis=1) if selected else np.zeros(len(documents))
            value = lam * relevance[q] - (1 - lam) * redundancy
            value[selected] = -np.inf
            pick = int(np.argmax(value))  # argmax returns the first of equal maxima
            indices[q, step], scores[q, step] = pick, value[pick]
            selected.append(pick)
    return indices, scores


def reciprocal_rank_fusion(rankings, n_documents, k):
    scores = np.zeros(n_documents)
    for ranking in np.asarray(rankings):
        for rank, document in enumerate(ranking, start=1):  # ranks are 1-based
            scores[document] += 1.0 / (k + rank)
    return scores, _rank(scores)


def _normalise(answer):
    return " ".join(answer.lower().split())


def self_consistency(answers):
    index, confidence = [], []
    for samples in answers:
        votes = [_normalise(a) for a in samples]
        counts = Counter(votes)
        best = max(counts.values())
        winner = next(v for v in votes if counts[v] == best)  # the first seen among the most frequent
        index.append(votes.index(winner))
        confidence.append(best / len(votes))
    return np.array(index), np.array(confidence)


def ranking_metrics(ranking, relevance, k):
    ranking = np.asarray(ranking)
    relevance = np.asarray(relevance, dtype=np.float64)
    gains = np.take_along_axis(relevance, ranking[:, :k], axis=1)  # labels of the top k, in rank order
    found = (gains > 0).sum(axis=1)
    n_relevant = (relevance > 0).sum(axis=1)
    recall = np.where(n_relevant > 0, found / np.maximum(n_relevant, 1), 0.0)
    precision = found / k
    hit = (found > 0).astype(np.float64)
    first = (gains > 0).argmax(axis=1)  # the first relevant rank within the top k (0-based)
    mrr = np.where(found > 0, 1.0 / (first + 1), 0.0)
    discount = 1.0 / np.log2(np.arange(1, k + 1) + 1)  # 1-based rank i: 1 / log2(i + 1)
    dcg = (gains * discount).sum(axis=1)
    ideal = -np.sort(-relevance, axis=1)[:, :k]  # the best possible order of all judged documents
    idcg = (ideal * discount).sum(axis=1)
    ndcg = np.divide(dcg, idcg, out=np.zeros_like(dcg), where=idcg > 0)
    means = np.array([m.mean() for m in (recall, precision, hit, mrr, ndcg)])
    return recall, precision, hit, mrr, ndcg, means


def chunk_spans(n_tokens, size, overlap):
    stride = size - overlap
    spans = []
    start = 0
    while True:
        end = min(start + size, n_tokens)
        spans.append((start, end))
        if end == n_tokens:  # this window reaches the end: a further one would lie inside it
            break
        start += stride
    return np.array(spans)
