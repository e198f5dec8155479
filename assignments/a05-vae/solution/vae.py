"""Instructor solution for a05-vae (PyTorch, float64, autograd for the gradients). neg_elbo also
returns its stages."""
import torch
import torch.nn.functional as F

ENCODER = ["encoder_hidden.w", "encoder_hidden.b", "encoder_mu.w", "encoder_mu.b",
           "encoder_logvar.w", "encoder_logvar.b"]
DECODER = ["decoder_hidden.w", "decoder_hidden.b", "decoder_out.w", "decoder_out.b"]


def t(x):
    return torch.as_tensor(x, dtype=torch.float64)


def dense(x, params, name):
    return x @ params[f"{name}.w"] + params[f"{name}.b"]


def autoencoder(x, params):
    p = {k: t(v) for k, v in params.items()}
    code = dense(torch.relu(dense(t(x), p, "encoder_hidden")), p, "encoder_code")
    reconstruction = dense(torch.relu(dense(code, p, "decoder_hidden")), p, "decoder_out")
    return code, reconstruction


def reparameterise(mu, logvar, eps):
    return t(mu) + torch.exp(0.5 * t(logvar)) * t(eps)


def encode(x, p):
    h = torch.relu(dense(x, p, "encoder_hidden"))
    return dense(h, p, "encoder_mu"), dense(h, p, "encoder_logvar")


def decode(z, p):
    return dense(torch.relu(dense(z, p, "decoder_hidden")), p, "decoder_out")


def sample_prior(z, params):
    p = {k: t(v) for k, v in params.items()}
    return torch.sigmoid(decode(t(z), p))


def _neg_elbo(x, eps, p, beta):
    mu, logvar = encode(x, p)
    z = reparameterise(mu, logvar, eps)
    logits = decode(z, p)
    reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)
    kl = 0.5 * (torch.exp(logvar) + mu ** 2 - 1 - logvar).sum(dim=1)
    loss = (reconstruction + beta * kl).mean()
    return loss, reconstruction, kl, {"mu": mu, "logvar": logvar, "z": z, "logits": logits}


def neg_elbo(x, eps, params, beta):
    p = {k: t(v) for k, v in params.items()}
    loss, reconstruction, kl, stages = _neg_elbo(t(x), t(eps), p, beta)
    return loss, reconstruction, kl, stages


def _gradients(x, eps, params, beta, names):
    p = {k: t(v).requires_grad_(k in names) for k, v in params.items()}
    loss = _neg_elbo(t(x), t(eps), p, beta)[0]
    grads = torch.autograd.grad(loss, [p[n] for n in names])
    return p, dict(zip(names, grads))


def encoder_gradients(x, eps, params, beta):
    return _gradients(x, eps, params, beta, ENCODER)[1]


def sgd_step(x, eps, params, beta, lr):
    p, grads = _gradients(x, eps, params, beta, ENCODER + DECODER)
    return {n: (p[n] - lr * grads[n]).detach() for n in ENCODER + DECODER}
