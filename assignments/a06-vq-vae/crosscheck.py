"""Independent check of the TorchSharp reference for a06: distances by torch.cdist, the codebook as
an nn.Embedding (weights copied in), losses by F.mse_loss with PyTorch's autograd, perplexity as
exp of torch.distributions.Categorical's entropy, and the EMA step with index_add_."""
import torch
import torch.nn.functional as F

import crosscheck


def codes(rows, codebook):
    # cdist without the matrix-product shortcut: exact ties stay exact, and argmin takes the first.
    d = torch.cdist(rows.double(), codebook.double(), compute_mode="donot_use_mm_for_euclid_dist")
    return torch.argmin(d, dim=1)


def embedding(codebook):
    emb = torch.nn.Embedding(codebook.shape[0], codebook.shape[1], dtype=torch.float64)
    with torch.no_grad():
        emb.weight.copy_(codebook.double())
    return emb


def rows_of(z_e):
    return torch.flatten(torch.movedim(z_e.double(), 1, -1), 0, 2)  # (B, H, W, D) -> (B*H*W, D)


def forward(z_e, emb):
    b, d, h, w = z_e.shape
    idx = codes(rows_of(z_e).detach(), emb.weight.detach()).reshape(b, h, w)
    return idx, torch.movedim(emb(idx), -1, 1)


def nearest_codes(z, codebook):
    return {"indices": codes(z, codebook)}


def quantize(z_e, codebook):
    idx, z_q = forward(z_e, embedding(codebook))
    return {"indices": idx, "z_q": z_q}


def straight_through(z_e, codebook, target):
    x = z_e.double().requires_grad_(True)
    _, z_q = forward(x, embedding(codebook))
    z_q = z_q.detach()
    z_st = x + (z_q - x).detach()
    F.mse_loss(z_st, target.double(), reduction="sum").mul(0.5).backward()
    return {"z_st": z_st, "grad_z_e": x.grad, "z_q": z_q}


def vq_loss(z_e, codebook, beta):
    x = z_e.double().requires_grad_(True)
    emb = embedding(codebook)
    _, z_q = forward(x, emb)
    codebook_loss = F.mse_loss(z_q, x.detach())
    commitment_loss = beta * F.mse_loss(x, z_q.detach())
    (codebook_loss + commitment_loss).backward()
    return {"codebook_loss": codebook_loss, "commitment_loss": commitment_loss,
            "grad_z_e": x.grad, "grad_codebook": emb.weight.grad, "z_q": z_q}


def perplexity(indices, num_codes):
    counts = torch.bincount(indices.reshape(-1), minlength=num_codes).double()
    return {"perplexity": torch.exp(torch.distributions.Categorical(probs=counts / counts.sum()).entropy())}


def ema_update(z_e, codebook, ema_count, ema_sum, decay, epsilon):
    rows = rows_of(z_e)
    k = codebook.shape[0]
    idx = codes(rows, codebook)
    counts = torch.zeros(k, dtype=torch.float64).index_add_(0, idx, torch.ones(len(idx), dtype=torch.float64))
    sums = torch.zeros(k, rows.shape[1], dtype=torch.float64).index_add_(0, idx, rows)
    count = torch.lerp(counts, ema_count.double(), decay)  # decay * N + (1 - decay) * n
    total = count.sum()
    smoothed = (count + epsilon) / (total + k * epsilon) * total
    ema_sum = torch.lerp(sums, ema_sum.double(), decay)
    return {"ema_count": count, "ema_sum": ema_sum, "codebook": ema_sum / smoothed.unsqueeze(1),
            "indices": idx, "counts": counts, "sums": sums, "smoothed_count": smoothed}


crosscheck.run(globals())
