"""a08-timegan: TimeGAN's five networks and its loss terms.

Fill in each function. Arrays arrive as NumPy arrays (float64, or float32 where a test says so;
lengths as int64); return NumPy arrays, PyTorch tensors or Python floats. PyTorch (CPU) is
installed. README.md gives every shape, equation and convention, and how grading works.
"""
import numpy as np


def embedder(x, params):
    """x (B, T, F) -> h (B, T, H): GRU, then fc, then sigmoid."""
    raise NotImplementedError("embedder is not written yet")


def recovery(h, params):
    """h (B, T, H) -> x_tilde (B, T, F): GRU, then fc, then sigmoid."""
    raise NotImplementedError("recovery is not written yet")


def generator(z, params):
    """z (B, T, Z) -> e_hat (B, T, H): GRU, then fc, then sigmoid."""
    raise NotImplementedError("generator is not written yet")


def supervisor(h, params):
    """h (B, T, H) -> s (B, T, H): GRU, then fc, then sigmoid; s[:, t] predicts h[:, t + 1]."""
    raise NotImplementedError("supervisor is not written yet")


def discriminator(h, params):
    """h (B, T, H) -> y (B, T, 1): GRU, then fc; logits, no sigmoid."""
    raise NotImplementedError("discriminator is not written yet")


def reconstruction_loss(x, x_tilde, lengths):
    """-> (e_loss_t0, e_loss0): L_R over valid steps, and 10 * sqrt(L_R)."""
    raise NotImplementedError("reconstruction_loss is not written yet")


def supervised_loss(h, h_hat_supervise, lengths):
    """-> g_loss_s: mean of (h[:, 1:] - s[:, :-1])^2 over valid target steps."""
    raise NotImplementedError("supervised_loss is not written yet")


def adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma):
    """-> (d_loss, g_loss_u, g_loss_u_e): BCE on logits, averaged over valid steps."""
    raise NotImplementedError("adversarial_losses is not written yet")


def moment_loss(x, x_hat, lengths):
    """-> (g_loss_v1, g_loss_v2): mean |std difference|, mean |mean difference|."""
    raise NotImplementedError("moment_loss is not written yet")


def timegan_losses(x, z, lengths, params, gamma):
    """-> dict with e_loss_t0, e_loss0, e_loss, g_loss_s, d_loss, g_loss_u, g_loss_u_e,
    g_loss_v1, g_loss_v2, g_loss."""
    raise NotImplementedError("timegan_losses is not written yet")
