"""a05-vae: an autoencoder, then a variational autoencoder.

Fill in each function. Arrays arrive as NumPy arrays (float64, or float32 where a test says so);
return NumPy arrays or PyTorch tensors. PyTorch (CPU) is installed and its autograd is the easy way
to the gradients of the last two functions. README.md gives every shape, formula and reduction.

`params` is a dict of arrays, each layer applied as `x @ w + b` (w is in x out).
"""
import numpy as np


def autoencoder(x, params):
    """x (B, P) -> (code (B, D), reconstruction (B, P)). ReLU after each hidden layer only."""
    raise NotImplementedError("autoencoder is not written yet")


def reparameterise(mu, logvar, eps):
    """mu, logvar (the log-variance), eps: (B, D) -> z (B, D) = mu + exp(logvar / 2) * eps."""
    raise NotImplementedError("reparameterise is not written yet")


def sample_prior(z, params):
    """z (B, D) given -> Bernoulli means sigmoid(decoder(z)), (B, P)."""
    raise NotImplementedError("sample_prior is not written yet")


def neg_elbo(x, eps, params, beta):
    """-> (loss (scalar), reconstruction (B,), kl (B,)); loss = mean over the batch of reconstruction + beta * kl."""
    raise NotImplementedError("neg_elbo is not written yet")


def encoder_gradients(x, eps, params, beta):
    """-> dict of the gradient of neg_elbo's loss for each of the six encoder_* parameters."""
    raise NotImplementedError("encoder_gradients is not written yet")


def sgd_step(x, eps, params, beta, lr):
    """-> dict of all ten parameters after one step p - lr * gradient."""
    raise NotImplementedError("sgd_step is not written yet")
