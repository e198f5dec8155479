"""a13 · Retrieval and self-consistency, a second formulation: PyTorch in float32 throughout, F.normalize for the
cosines, torch.sort(stable=True) for every ranking, index_add_ for the fused scores and collections.Counter's
most_common (which keeps first-seen order among equal counts) for the vote."""
from collections import Counter

import torch
import torch.nn.functional as F


def _f32(x):
    return torch.as_tensor(x).to(torch.float32)


def _rank(scores):
    # Stable descending sort: equal scores stay in index order. torch.topk would not promise that.
    return torch.sort(scores, dim=-1, descending=True, stable=True).indices


def top_k(queries, documents, k, similarity):
    q, d = _f32(queries), _f32(documents)
    if similarity == "cosine":
        q, d = F.normalize(q, dim=1), F.normalize(d, dim=1)
    scores = q @ d.T
    order = _rank(scores)[:, :k]
    return order, scores.gather(1, order)


def bm25(corpus, queries, k1, b):
    vocabulary = {t: i for i, t in enumerate(sorted({t for d in corpus for t in d} | {t for q in queries for t in q}))}
    tf = torch.zeros(len(corpus), len(vocabulary))
    for i, document in enumerate(corpus):
        for t in document:
            tf[i, vocabulary[t]] += 1
    n = float(len(corpus))
    length = tf.sum(1)
    df = (tf > 0).float().sum(0)
    idf = torch.log1p((n - df + 0.5) / (df + 0.5))
    weights = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / length.mean()).unsqueeze(1))  # (N, V)
    # A query as a bag of counts: a term given twice weighs twice.
    query_counts = torch.zeros(len(queries), len(vocabulary))
    for i, query in enumerate(queries):
        for t in query:
            query_counts[i, vocabulary[t]] += 1
    scores = query_counts @ weights.T
    return scores, _rank(scores)


def mmr(queries, documents, k, lam):
    q, d = F.normalize(_f32(queries), dim=1), F.normalize(_f32(documents), dim=1)
    relevance, similarity = q @ d.T, d @ d.T
    indices, values = [], []
    for rel in relevance:
        chosen, picked_scores = [], []
        available = torch.ones(len(d), dtype=torch.bool)
        for _ in range(k):
            redundancy = similarity[:, chosen].amax(dim=1) if chosen else torch.zeros(len(d))
            score = (lam * rel - (1 - lam) * redundancy).masked_fill(~available, float("-inf"))
            pick = int(_rank(score)[0])
            chosen.append(pick)
            picked_scores.append(score[pick])
            available[pick] = False
        indices.append(torch.tensor(chosen))
        values.append(torch.stack(picked_scores))
    return torch.stack(indices), torch.stack(values)


def reciprocal_rank_fusion(rankings, n_documents, k):
    rankings = torch.as_tensor(rankings, dtype=torch.long)
    contribution = 1.0 / (k + torch.arange(1, rankings.shape[1] + 1, dtype=torch.float32))
    scores = torch.zeros(n_documents)
    for ranking in rankings:
        scores.index_add_(0, ranking, contribution)
    return scores, _rank(scores)


def self_consistency(answers):
    index, confidence = [], []
    for samples in answers:
        votes = [" ".join(a.casefold().split()) for a in samples]
        winner, count = Counter(votes).most_common(1)[0]
        index.append(votes.index(winner))
        confidence.append(count / len(votes))
    return torch.tensor(index), torch.tensor(confidence, dtype=torch.float32)


def ranking_metrics(ranking, relevance, k):
    ranking = torch.as_tensor(ranking, dtype=torch.long)
    relevance = _f32(relevance)
    gains = relevance.gather(1, ranking[:, :k])
    relevant_top = (gains > 0).float()
    found = relevant_top.sum(1)
    n_relevant = (relevance > 0).float().sum(1)
    recall = torch.where(n_relevant > 0, found / n_relevant.clamp(min=1), torch.zeros(()))
    positions = torch.arange(1, k + 1, dtype=torch.float32)
    # 1 / rank of the first relevant: the largest of relevant / rank over the top k (0 when none).
    mrr = (relevant_top / positions).amax(1)
    discount = 1 / torch.log2(positions + 1)
    ideal = torch.sort(relevance, dim=1, descending=True).values[:, :k]
    dcg, idcg = (gains * discount).sum(1), (ideal * discount).sum(1)
    ndcg = torch.where(idcg > 0, dcg / idcg.clamp(min=1e-30), torch.zeros(()))
    per_query = [recall, found / k, (found > 0).float(), mrr, ndcg]
    return (*per_query, torch.stack([m.mean() for m in per_query]))


def chunk_spans(n_tokens, size, overlap):
    # Closed form: one window, plus enough strides to cover the tokens left after it.
    stride = size - overlap
    count = 1 + -(-max(0, n_tokens - size) // stride)
    starts = torch.arange(count) * stride
    return torch.stack([starts, (starts + size).clamp(max=n_tokens)], dim=1)
