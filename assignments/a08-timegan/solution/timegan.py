"""Instructor solution for a08-timegan (PyTorch, the GRU written out from its equations). The
networks and the full forward pass also return their stages."""
import torch


def t(x):
    # float32 on purpose, whatever the input: it shows the manifest's tolerances admit a float32
    # implementation against the float64 goldens.
    return torch.as_tensor(x, dtype=torch.float32)


def gru(x, params, prefix=""):
    """Stacked batch-first GRU, PyTorch's equations and gate order (r, z, n), h0 = 0."""
    layer = 0
    sequence = x
    while f"{prefix}rnn.weight_ih_l{layer}" in params:
        w_ih, w_hh = t(params[f"{prefix}rnn.weight_ih_l{layer}"]), t(params[f"{prefix}rnn.weight_hh_l{layer}"])
        b_ih, b_hh = t(params[f"{prefix}rnn.bias_ih_l{layer}"]), t(params[f"{prefix}rnn.bias_hh_l{layer}"])
        h = torch.zeros(sequence.shape[0], w_hh.shape[1])
        outputs = []
        for step in range(sequence.shape[1]):
            i_r, i_z, i_n = (sequence[:, step] @ w_ih.T + b_ih).chunk(3, dim=-1)
            h_r, h_z, h_n = (h @ w_hh.T + b_hh).chunk(3, dim=-1)
            r = torch.sigmoid(i_r + h_r)
            z = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            h = (1 - z) * n + z * h
            outputs.append(h)
        sequence = torch.stack(outputs, dim=1)
        layer += 1
    return sequence


def network(x, params, sigmoid, prefix=""):
    states = gru(t(x), params, prefix)
    out = states @ t(params[f"{prefix}fc.weight"]).T + t(params[f"{prefix}fc.bias"])
    return (torch.sigmoid(out) if sigmoid else out), {"rnn": states}


def embedder(x, params):
    return network(x, params, sigmoid=True)


def recovery(h, params):
    return network(h, params, sigmoid=True)


def generator(z, params):
    return network(z, params, sigmoid=True)


def supervisor(h, params):
    return network(h, params, sigmoid=True)


def discriminator(h, params):
    return network(h, params, sigmoid=False)


def valid_steps(lengths, steps):
    """(B, T) float mask, 1 where t < lengths[b]."""
    return (torch.arange(steps) < torch.as_tensor(lengths).reshape(-1, 1)).float()


def masked_mean(values, mask):
    """Mean of (B, T, D) values over the (b, t) where mask is 1, and every d."""
    return (values * mask.unsqueeze(-1)).sum() / (mask.sum() * values.shape[2])


def reconstruction_loss(x, x_tilde, lengths):
    x, x_tilde = t(x), t(x_tilde)
    l_r = masked_mean((x - x_tilde) ** 2, valid_steps(lengths, x.shape[1]))
    return l_r, 10 * torch.sqrt(l_r)


def supervised_loss(h, h_hat_supervise, lengths):
    h, s = t(h), t(h_hat_supervise)
    mask = valid_steps(lengths, h.shape[1])[:, 1:]
    return masked_mean((h[:, 1:] - s[:, :-1]) ** 2, mask)


def bce(logits, label, lengths):
    logits = t(logits)
    per_step = torch.clamp(logits, min=0) - logits * label + torch.log1p(torch.exp(-logits.abs()))
    return masked_mean(per_step, valid_steps(lengths, logits.shape[1]))


def adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma):
    d_loss = bce(y_real, 1.0, lengths) + bce(y_fake, 0.0, lengths) + gamma * bce(y_fake_e, 0.0, lengths)
    return d_loss, bce(y_fake, 1.0, lengths), bce(y_fake_e, 1.0, lengths)


def moments(x, mask):
    count = mask.sum(0)
    mean = (x * mask).sum(0) / count
    var = (((x - mean) ** 2) * mask).sum(0) / count
    return mean, torch.sqrt(var + 1e-6)


def moment_loss(x, x_hat, lengths):
    x, x_hat = t(x), t(x_hat)
    mask = valid_steps(lengths, x.shape[1]).unsqueeze(-1)
    mean, std = moments(x, mask)
    mean_hat, std_hat = moments(x_hat, mask)
    return (std_hat - std).abs().mean(), (mean_hat - mean).abs().mean()


def timegan_losses(x, z, lengths, params, gamma):
    h, _ = network(x, params, True, "embedder.")
    x_tilde, _ = network(h, params, True, "recovery.")
    e_hat, _ = network(z, params, True, "generator.")
    h_hat, _ = network(e_hat, params, True, "supervisor.")
    h_hat_supervise, _ = network(h, params, True, "supervisor.")
    x_hat, _ = network(h_hat, params, True, "recovery.")
    y_real, _ = network(h, params, False, "discriminator.")
    y_fake, _ = network(h_hat, params, False, "discriminator.")
    y_fake_e, _ = network(e_hat, params, False, "discriminator.")

    e_loss_t0, e_loss0 = reconstruction_loss(x, x_tilde, lengths)
    g_loss_s = supervised_loss(h, h_hat_supervise, lengths)
    d_loss, g_loss_u, g_loss_u_e = adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma)
    g_loss_v1, g_loss_v2 = moment_loss(x, x_hat, lengths)
    e_loss = e_loss0 + 0.1 * g_loss_s
    g_loss = g_loss_u + gamma * g_loss_u_e + 100 * torch.sqrt(g_loss_s) + 100 * (g_loss_v1 + g_loss_v2)
    stages = {"h": h, "x_tilde": x_tilde, "e_hat": e_hat, "h_hat": h_hat, "h_hat_supervise": h_hat_supervise,
              "x_hat": x_hat, "y_real": y_real, "y_fake": y_fake, "y_fake_e": y_fake_e}
    return (e_loss_t0, e_loss0, e_loss, g_loss_s, d_loss, g_loss_u, g_loss_u_e, g_loss_v1, g_loss_v2, g_loss, stages)
