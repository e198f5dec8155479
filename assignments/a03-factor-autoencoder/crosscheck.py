"""Independent check of the TorchSharp reference for a03: PyTorch's nn.Sequential(Linear, ReLU,
Linear) and nn.Linear with the weights copied in, managed portfolios by least squares
(torch.linalg.lstsq rather than the normal equations the reference solves), F.mse_loss."""
import torch
import torch.nn.functional as F

import crosscheck


def linear(p, name):
    w = p[f"{name}.w"]
    layer = torch.nn.Linear(w.shape[0], w.shape[1], dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(w.T)
        layer.bias.copy_(p[f"{name}.b"])
    return layer


@torch.no_grad()
def betas(z, p):
    net = torch.nn.Sequential(linear(p, "beta_hidden"), torch.nn.ReLU(), linear(p, "beta_out"))
    return net(z.double())


@torch.no_grad()
def portfolios(z, r):
    return torch.linalg.lstsq(z.double(), r.double().unsqueeze(-1), driver="gelsd").solution.squeeze(-1)


@torch.no_grad()
def factors(x, p):
    return linear(p, "factor")(x.double())


def beta_network(characteristics, params):
    return {"betas": betas(characteristics, params)}


def managed_portfolios(characteristics, returns):
    return {"portfolios": portfolios(characteristics, returns)}


def factor_network(x, params):
    return {"factors": factors(x, params)}


def predict(characteristics, returns, params):
    x = portfolios(characteristics, returns)
    b = betas(characteristics, params)
    f = factors(x, params)
    return {"prediction": torch.einsum("tnk,tk->tn", b, f), "managed_portfolios": x, "betas": b, "factors": f}


def loss(characteristics, returns, params, l1_penalty):
    prediction = predict(characteristics, returns, params)["prediction"]
    l1 = sum(params[k].abs().sum() for k in ("beta_hidden.w", "beta_out.w", "factor.w"))
    return {"loss": F.mse_loss(prediction, returns.double()) + l1_penalty * l1}


crosscheck.run(globals())
