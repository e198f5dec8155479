"""An independent a06-vq-vae: NumPy only, float32 throughout, no autograd. Distances are expanded
as ||z||^2 - 2 z.e + ||e||^2 (the fast form, which rounds worse than the differences), and every
gradient is worked out by hand from the stop-gradients."""
import numpy as np


def f32(x):
    return np.asarray(x, dtype=np.float32)


def nearest_codes(z, codebook):
    z, e = f32(z), f32(codebook)
    d = (z * z).sum(1, keepdims=True) - 2 * z @ e.T + (e * e).sum(1)[None, :]
    return np.argmin(d, axis=1)  # np.argmin returns the first minimum


def _rows(z_e):
    z_e = f32(z_e)
    b, d, h, w = z_e.shape
    return np.transpose(z_e, (0, 2, 3, 1)).reshape(-1, d), (b, d, h, w)


def _image(rows, shape):
    b, d, h, w = shape
    return np.transpose(rows.reshape(b, h, w, d), (0, 3, 1, 2))


def quantize(z_e, codebook):
    rows, shape = _rows(z_e)
    e = f32(codebook)
    idx = nearest_codes(rows, e)
    return idx.reshape(shape[0], shape[2], shape[3]), _image(e[idx], shape)


def straight_through(z_e, codebook, target):
    _, z_q = quantize(z_e, codebook)
    # The value of z_e + sg[z_q - z_e] is z_q; its Jacobian with respect to z_e is the identity,
    # so dL/dz_e = dL/dz_st = z_st - target.
    return z_q, z_q - f32(target)


def vq_loss(z_e, codebook, beta):
    rows, shape = _rows(z_e)
    e = f32(codebook)
    idx = nearest_codes(rows, e)
    diff = e[idx] - rows  # (N, D): z_q - z_e
    m = diff.size
    mse = np.float32((diff * diff).sum(dtype=np.float64) / m)
    # codebook term mean((z_q - sg[z_e])^2): d/de_k = sum over rows using k of 2 (e_k - z_n) / M.
    grad_codebook = np.zeros_like(e)
    np.add.at(grad_codebook, idx, 2 * diff / m)
    # commitment term beta * mean((z_e - sg[z_q])^2): d/dz_e = 2 beta (z_e - z_q) / M.
    grad_z_e = _image(-2 * np.float32(beta) * diff / m, shape)
    return mse, np.float32(beta) * mse, grad_z_e, grad_codebook


def perplexity(indices, num_codes):
    counts = np.bincount(np.asarray(indices).ravel(), minlength=num_codes).astype(np.float32)
    p = counts / counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0)
    return np.exp(-plogp.sum())


def ema_update(z_e, codebook, ema_count, ema_sum, decay, epsilon):
    rows, _ = _rows(z_e)
    e = f32(codebook)
    k = e.shape[0]
    idx = nearest_codes(rows, e)
    counts = np.bincount(idx, minlength=k).astype(np.float32)
    sums = np.zeros_like(e)
    np.add.at(sums, idx, rows)
    g = np.float32(decay)
    count = g * f32(ema_count) + (1 - g) * counts
    total = count.sum()
    ema_sum = g * f32(ema_sum) + (1 - g) * sums
    smoothed = (count + np.float32(epsilon)) / (total + k * np.float32(epsilon)) * total
    return count, ema_sum, ema_sum / smoothed[:, None]
