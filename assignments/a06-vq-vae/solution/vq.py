"""Instructor solution for a06-vq-vae (PyTorch, float64, autograd for the gradients). The
stop-gradient sg[.] is .detach(); the EMA update and the straight-through step also return
their stages."""
import torch
import torch.nn.functional as F


def t(x):
    return torch.as_tensor(x, dtype=torch.float64)


def flatten(z_e):
    # (B, D, H, W) -> (B*H*W, D): channel-last, so row n is position (b, h, w) in C order.
    return z_e.permute(0, 2, 3, 1).reshape(-1, z_e.shape[1])


def unflatten(rows, shape):
    b, d, h, w = shape
    return rows.reshape(b, h, w, d).permute(0, 3, 1, 2)


def nearest_codes(z, codebook):
    z, e = t(z), t(codebook)
    distances = ((z[:, None, :] - e[None, :, :]) ** 2).sum(-1)  # (N, K)
    return torch.argmin(distances, dim=1)  # the first minimum: ties go to the lowest index


def quantize(z_e, codebook):
    z_e, e = t(z_e), t(codebook)
    indices = nearest_codes(flatten(z_e), e)
    z_q = unflatten(e[indices], z_e.shape)
    b, _, h, w = z_e.shape
    return indices.reshape(b, h, w), z_q


def straight_through(z_e, codebook, target):
    z_e = t(z_e).clone().requires_grad_(True)
    _, z_q = quantize(z_e.detach(), codebook)
    z_st = z_e + (z_q - z_e).detach()
    loss = 0.5 * ((z_st - t(target)) ** 2).sum()
    (grad,) = torch.autograd.grad(loss, z_e)
    return z_st.detach(), grad, {"z_q": z_q}


def vq_loss(z_e, codebook, beta):
    z_e = t(z_e).clone().requires_grad_(True)
    e = t(codebook).clone().requires_grad_(True)
    indices = nearest_codes(flatten(z_e.detach()), e.detach())
    z_q = unflatten(e[indices], z_e.shape)  # indexing keeps the graph to the codebook
    codebook_loss = F.mse_loss(z_q, z_e.detach())
    commitment_loss = beta * F.mse_loss(z_e, z_q.detach())
    grad_z_e, grad_codebook = torch.autograd.grad(codebook_loss + commitment_loss, (z_e, e))
    return codebook_loss.detach(), commitment_loss.detach(), grad_z_e, grad_codebook, {"z_q": z_q.detach()}


def perplexity(indices, num_codes):
    counts = torch.bincount(torch.as_tensor(indices).reshape(-1), minlength=num_codes).double()
    p = counts / counts.sum()
    p = p[p > 0]  # 0 * log 0 = 0: unused codes contribute nothing
    return torch.exp(-(p * torch.log(p)).sum())


def ema_update(z_e, codebook, ema_count, ema_sum, decay, epsilon):
    flat, e = flatten(t(z_e)), t(codebook)
    k = e.shape[0]
    indices = nearest_codes(flat, e)  # with the codebook before the update
    one_hot = F.one_hot(indices, k).double()  # (N, K)
    counts = one_hot.sum(0)
    sums = one_hot.T @ flat
    new_count = decay * t(ema_count) + (1 - decay) * counts
    new_sum = decay * t(ema_sum) + (1 - decay) * sums
    total = new_count.sum()
    smoothed = (new_count + epsilon) / (total + k * epsilon) * total  # Laplace smoothing; not stored
    new_codebook = new_sum / smoothed[:, None]
    stages = {"indices": indices, "counts": counts, "sums": sums, "smoothed_count": smoothed}
    return new_count, new_sum, new_codebook, stages
