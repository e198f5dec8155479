"""a05-vae, alternative formulation: NumPy instead of PyTorch, float32 throughout (float64 inputs
are cast down), no autograd. The Bernoulli term is written as logaddexp(0, l) - x*l and every
gradient is back-propagated by hand, layer by layer.

Written from README.md alone; it must score full marks like the solution.
"""
import numpy as np

ENCODER = ["encoder_hidden", "encoder_mu", "encoder_logvar"]
DECODER = ["decoder_hidden", "decoder_out"]


def _f32(a):
    return np.asarray(a, dtype=np.float32)


def _params(params):
    return {k: _f32(v) for k, v in params.items()}


def _dense(x, p, name):
    return x @ p[name + ".w"] + p[name + ".b"]


def autoencoder(x, params):
    p = _params(params)
    code = _dense(np.maximum(_dense(_f32(x), p, "encoder_hidden"), 0), p, "encoder_code")
    return code, _dense(np.maximum(_dense(code, p, "decoder_hidden"), 0), p, "decoder_out")


def reparameterise(mu, logvar, eps):
    return _f32(mu) + np.exp(_f32(logvar) / 2) * _f32(eps)


def _sigmoid(l):
    return np.exp(-np.logaddexp(np.float32(0), -l))


def sample_prior(z, params):
    p = _params(params)
    return _sigmoid(_dense(np.maximum(_dense(_f32(z), p, "decoder_hidden"), 0), p, "decoder_out"))


def _forward(x, eps, p, beta):
    c = {"x": _f32(x), "eps": _f32(eps)}
    c["h_pre"] = _dense(c["x"], p, "encoder_hidden")
    c["h"] = np.maximum(c["h_pre"], 0)
    c["mu"] = _dense(c["h"], p, "encoder_mu")
    c["logvar"] = _dense(c["h"], p, "encoder_logvar")
    c["sigma"] = np.exp(c["logvar"] / 2)
    c["z"] = c["mu"] + c["sigma"] * c["eps"]
    c["g_pre"] = _dense(c["z"], p, "decoder_hidden")
    c["g"] = np.maximum(c["g_pre"], 0)
    c["logits"] = _dense(c["g"], p, "decoder_out")
    c["reconstruction"] = np.sum(np.logaddexp(np.float32(0), c["logits"]) - c["x"] * c["logits"], axis=1)
    c["kl"] = np.sum(np.exp(c["logvar"]) + c["mu"] ** 2 - 1 - c["logvar"], axis=1) / 2
    c["loss"] = np.mean(c["reconstruction"] + np.float32(beta) * c["kl"])
    return c


def neg_elbo(x, eps, params, beta):
    c = _forward(x, eps, _params(params), beta)
    return c["loss"], c["reconstruction"], c["kl"], {k: c[k] for k in ("mu", "logvar", "z", "logits")}


def _backward(c, p, beta):
    """d loss / d every parameter, by the chain rule from the logits back to the input layer."""
    n, beta = c["x"].shape[0], np.float32(beta)
    g = {}

    def layer(name, inp, d_out):
        g[name + ".w"] = inp.T @ d_out
        g[name + ".b"] = d_out.sum(axis=0)
        return d_out @ p[name + ".w"].T

    d_logits = (_sigmoid(c["logits"]) - c["x"]) / n       # d softplus(l) - x l = sigmoid(l) - x
    d_g = layer("decoder_out", c["g"], d_logits)
    d_z = layer("decoder_hidden", c["z"], d_g * (c["g_pre"] > 0))
    d_mu = d_z + beta * c["mu"] / n                         # z = mu + sigma eps; KL has mu^2 / 2
    d_logvar = d_z * c["eps"] * c["sigma"] / 2 + beta * (np.exp(c["logvar"]) - 1) / (2 * n)
    d_h = layer("encoder_mu", c["h"], d_mu) + layer("encoder_logvar", c["h"], d_logvar)
    layer("encoder_hidden", c["x"], d_h * (c["h_pre"] > 0))
    return g


def encoder_gradients(x, eps, params, beta):
    p = _params(params)
    g = _backward(_forward(x, eps, p, beta), p, beta)
    return {k: v for k, v in g.items() if k.startswith("encoder_")}


def sgd_step(x, eps, params, beta, lr):
    p = _params(params)
    g = _backward(_forward(x, eps, p, beta), p, beta)
    return {k: p[k] - np.float32(lr) * g[k] for k in p}
