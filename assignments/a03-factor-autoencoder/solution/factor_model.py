"""Instructor solution for a03-factor-autoencoder (NumPy only). predict also returns its stages."""
import numpy as np


def beta_network(characteristics, params):
    hidden = np.maximum(characteristics @ params["beta_hidden.w"] + params["beta_hidden.b"], 0)
    return hidden @ params["beta_out.w"] + params["beta_out.b"]


def managed_portfolios(characteristics, returns):
    z = characteristics
    zt = np.swapaxes(z, -1, -2)
    return np.linalg.solve(zt @ z, zt @ returns[..., None])[..., 0]


def factor_network(portfolios, params):
    return portfolios @ params["factor.w"] + params["factor.b"]


def predict(characteristics, returns, params):
    portfolios = managed_portfolios(characteristics, returns)
    betas = beta_network(characteristics, params)
    factors = factor_network(portfolios, params)
    prediction = np.einsum("tnk,tk->tn", betas, factors)
    return prediction, {"managed_portfolios": portfolios, "betas": betas, "factors": factors}


def loss(characteristics, returns, params, l1_penalty):
    prediction, _ = predict(characteristics, returns, params)
    penalty = sum(np.abs(params[k]).sum() for k in ("beta_hidden.w", "beta_out.w", "factor.w"))
    return np.mean((returns - prediction) ** 2) + l1_penalty * penalty
