"""a13-retrieval: retrieval and self-consistency.

Fill in each function. Embeddings, rankings and relevance labels arrive as NumPy arrays; token lists, answers and
parameters as plain Python lists, strings and numbers. Return NumPy arrays, PyTorch tensors or Python lists of
numbers. NumPy and PyTorch (CPU) are installed. README.md gives every shape, convention and tie rule, and how grading works.
Every index is 0-based; every ranking puts the highest score first and breaks ties by the lowest index.
"""
import numpy as np


def top_k(queries, documents, k, similarity):
    """(Q, D), (N, D), k, "cosine" or "dot" -> (indices (Q, k), scores (Q, k)), best first."""
    raise NotImplementedError("top_k is not written yet")


def bm25(corpus, queries, k1, b):
    """Lists of token lists -> (scores (Q, N), ranking (Q, N)) with Lucene's IDF."""
    raise NotImplementedError("bm25 is not written yet")


def mmr(queries, documents, k, lam):
    """(Q, D), (N, D), k, lambda -> (indices (Q, k) in the order picked, scores (Q, k) of each pick)."""
    raise NotImplementedError("mmr is not written yet")


def reciprocal_rank_fusion(rankings, n_documents, k):
    """(2, m) rankings of document indices, best first -> (scores (n_documents,), ranking (n_documents,))."""
    raise NotImplementedError("reciprocal_rank_fusion is not written yet")


def self_consistency(answers):
    """A list of Q lists of sampled answer strings -> (index (Q,), confidence (Q,))."""
    raise NotImplementedError("self_consistency is not written yet")


def ranking_metrics(ranking, relevance, k):
    """(Q, N) rankings, (Q, N) labels by document -> (recall, precision, hit, mrr, ndcg) each (Q,), and means (5,)."""
    raise NotImplementedError("ranking_metrics is not written yet")


def chunk_spans(n_tokens, size, overlap):
    """Token count, window size, overlap (in tokens) -> spans (C, 2) of [start, end)."""
    raise NotImplementedError("chunk_spans is not written yet")
