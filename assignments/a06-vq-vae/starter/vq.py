"""a06-vq-vae: the vector quantiser of a VQ-VAE. Read README.md for the exact conventions.

Arrays arrive as NumPy arrays (float64, or float32 where a test says so; indices as int64).
Return NumPy arrays or PyTorch tensors."""
import numpy as np


def nearest_codes(z, codebook):
    """z (N, D), codebook (K, D) -> indices (N,) of the nearest code by squared Euclidean
    distance; ties go to the lowest index."""
    raise NotImplementedError


def quantize(z_e, codebook):
    """z_e (B, D, H, W), codebook (K, D) -> (indices (B, H, W), z_q (B, D, H, W))."""
    raise NotImplementedError


def straight_through(z_e, codebook, target):
    """-> (z_st (B, D, H, W), grad_z_e (B, D, H, W)): z_st = z_e + sg[z_q - z_e] and the gradient
    of 0.5 * sum((z_st - target)**2) with respect to z_e."""
    raise NotImplementedError


def vq_loss(z_e, codebook, beta):
    """-> (codebook_loss, commitment_loss, grad_z_e (B, D, H, W), grad_codebook (K, D))."""
    raise NotImplementedError


def perplexity(indices, num_codes):
    """indices: int64 array of any shape, values in [0, num_codes) -> exp(-sum_k p_k ln p_k)."""
    raise NotImplementedError


def ema_update(z_e, codebook, ema_count, ema_sum, decay, epsilon):
    """-> (new ema_count (K,), new ema_sum (K, D), new codebook (K, D))."""
    raise NotImplementedError
