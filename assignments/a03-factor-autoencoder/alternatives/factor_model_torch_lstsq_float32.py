"""a03-factor-autoencoder, alternative formulation: PyTorch instead of NumPy, float32 throughout
(float64 inputs are cast down). The managed portfolios come from a batched least-squares solve
(torch.linalg.lstsq of r_t on Z_t, a QR factorisation) instead of forming and inverting Z'Z; the
dense layers are F.linear with transposed weights; the loss uses F.mse_loss.

Written from README.md alone; it must score full marks like the solution.
"""
import torch
import torch.nn.functional as F

DTYPE = torch.float32


def _t(a):
    return torch.as_tensor(a).to(DTYPE)


def _dense(x, params, name):
    # F.linear computes x @ weight.T + bias, and our weights are stored (in, out): pass the transpose
    return F.linear(x, _t(params[name + ".w"]).T, _t(params[name + ".b"]))


def _betas(z, params):
    return _dense(F.relu(_dense(z, params, "beta_hidden")), params, "beta_out")


def _portfolios(z, r):
    # x_t = argmin_x |Z_t x - r_t|^2, which is (Z_t'Z_t)^-1 Z_t'r_t when Z_t has full column rank
    return torch.linalg.lstsq(z, r.unsqueeze(-1)).solution.squeeze(-1)


def _prediction(z, r, params):
    betas = _betas(z, params)  # (T, N, K)
    portfolios = _portfolios(z, r)  # (T, P)
    factors = _dense(portfolios, params, "factor")  # (T, K)
    prediction = torch.einsum("tnk,tk->tn", betas, factors)
    return prediction, {"managed_portfolios": portfolios, "betas": betas, "factors": factors}


def beta_network(characteristics, params):
    return _betas(_t(characteristics), params).numpy()


def managed_portfolios(characteristics, returns):
    return _portfolios(_t(characteristics), _t(returns)).numpy()


def factor_network(portfolios, params):
    return _dense(_t(portfolios), params, "factor").numpy()


def predict(characteristics, returns, params):
    prediction, stages = _prediction(_t(characteristics), _t(returns), params)
    return prediction.numpy(), {k: v.numpy() for k, v in stages.items()}


def loss(characteristics, returns, params, l1_penalty):
    r = _t(returns)
    prediction, _ = _prediction(_t(characteristics), r, params)
    penalty = sum(_t(params[name]).abs().sum() for name in ("beta_hidden.w", "beta_out.w", "factor.w"))
    return (F.mse_loss(prediction, r) + float(l1_penalty) * penalty).item()
