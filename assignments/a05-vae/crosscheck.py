"""Independent check of the TorchSharp reference for a05: nn.Linear modules (weights copied in),
torch.distributions for the Bernoulli log-likelihood and the KL (Normal vs Normal), autograd for
the gradients, and torch.optim.SGD for the step."""
import torch
from torch.distributions import Bernoulli, Normal, kl_divergence

import crosscheck

LAYERS = ["encoder_hidden", "encoder_mu", "encoder_logvar", "decoder_hidden", "decoder_out"]


def linears(params, names):
    """nn.Linear holds w transposed: the course's w is (in, out), Linear's weight is (out, in)."""
    modules = {}
    for name in names:
        w = params[f"{name}.w"].double()
        layer = torch.nn.Linear(w.shape[0], w.shape[1], dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(w.T)
            layer.bias.copy_(params[f"{name}.b"])
        modules[name] = layer
    return modules


def autoencoder(x, params):
    m = linears(params, ["encoder_hidden", "encoder_code", "decoder_hidden", "decoder_out"])
    encoder = torch.nn.Sequential(m["encoder_hidden"], torch.nn.ReLU(), m["encoder_code"])
    decoder = torch.nn.Sequential(m["decoder_hidden"], torch.nn.ReLU(), m["decoder_out"])
    code = encoder(x.double())
    return {"code": code, "reconstruction": decoder(code)}


def reparameterise(mu, logvar, eps):
    return {"z": mu.double() + logvar.double().mul(0.5).exp() * eps.double()}


def sample_prior(z, params):
    m = linears(params, ["decoder_hidden", "decoder_out"])
    logits = m["decoder_out"](torch.relu(m["decoder_hidden"](z.double())))
    return {"means": Bernoulli(logits=logits).mean}


def forward(m, x, eps, beta):
    h = torch.relu(m["encoder_hidden"](x))
    mu, logvar = m["encoder_mu"](h), m["encoder_logvar"](h)
    q = Normal(mu, torch.exp(0.5 * logvar))
    z = mu + q.scale * eps
    logits = m["decoder_out"](torch.relu(m["decoder_hidden"](z)))
    # validate_args=False: grey-level x is outside the Bernoulli support, but its log_prob formula is exactly BCE on logits.
    reconstruction = -Bernoulli(logits=logits, validate_args=False).log_prob(x).sum(-1)
    kl = kl_divergence(q, Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(-1)
    loss = (reconstruction + beta * kl).mean()
    return {"loss": loss, "reconstruction": reconstruction, "kl": kl, "mu": mu, "logvar": logvar, "z": z, "logits": logits}


def neg_elbo(x, eps, params, beta):
    return forward(linears(params, LAYERS), x.double(), eps.double(), beta)


def encoder_gradients(x, eps, params, beta):
    m = linears(params, LAYERS)
    forward(m, x.double(), eps.double(), beta)["loss"].backward()
    out = {}
    for name in ["encoder_hidden", "encoder_mu", "encoder_logvar"]:
        out[f"{name}.w"] = m[name].weight.grad.T
        out[f"{name}.b"] = m[name].bias.grad
    return out


def sgd_step(x, eps, params, beta, lr):
    m = linears(params, LAYERS)
    optimiser = torch.optim.SGD([p for layer in m.values() for p in layer.parameters()], lr=lr)
    optimiser.zero_grad()
    forward(m, x.double(), eps.double(), beta)["loss"].backward()
    optimiser.step()
    out = {}
    for name, layer in m.items():
        out[f"{name}.w"] = layer.weight.T
        out[f"{name}.b"] = layer.bias
    return out


crosscheck.run(globals())
