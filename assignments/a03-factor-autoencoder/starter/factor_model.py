"""a03-factor-autoencoder: the conditional autoencoder of Gu, Kelly and Xiu.

Fill in each function. Arrays arrive as NumPy arrays; you may return NumPy arrays or PyTorch
tensors. README.md gives every shape, the parameter names and how grading works.

predict may return (prediction, stages): a dict with managed_portfolios, betas and factors. They
earn no points, but when the prediction is wrong the feedback names the first one that differs.
"""
import numpy as np


def beta_network(characteristics, params):
    """(..., N, P) -> betas (..., N, K): the same two dense layers applied to every stock."""
    raise NotImplementedError("beta_network is not written yet")


def managed_portfolios(characteristics, returns):
    """(T, N, P), (T, N) -> (T, P): x_t = (Z_t' Z_t)^-1 Z_t' r_t."""
    raise NotImplementedError("managed_portfolios is not written yet")


def factor_network(portfolios, params):
    """(T, P) -> factors (T, K)."""
    raise NotImplementedError("factor_network is not written yet")


def predict(characteristics, returns, params):
    """(T, N, P), (T, N) -> predicted returns (T, N) = betas . factors."""
    raise NotImplementedError("predict is not written yet")


def loss(characteristics, returns, params, l1_penalty):
    """Mean squared error over all T x N returns plus l1_penalty * sum of |weights|. A scalar."""
    raise NotImplementedError("loss is not written yet")
