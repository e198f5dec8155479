"""a08-timegan with PyTorch's own modules, float32 throughout: nn.GRU(batch_first=True) and
nn.Linear with the weights loaded by load_state_dict, F.binary_cross_entropy_with_logits on the
valid steps picked by a boolean mask, torch.var_mean(correction=0) step by step for the moments."""
import torch
import torch.nn.functional as F


def load(params, prefix):
    p = {k[len(prefix):]: torch.as_tensor(v, dtype=torch.float32) for k, v in params.items() if k.startswith(prefix)}
    layers = sum(k.startswith("rnn.weight_ih_l") for k in p)
    hidden = p["rnn.weight_hh_l0"].shape[1]
    rnn = torch.nn.GRU(p["rnn.weight_ih_l0"].shape[1], hidden, layers, batch_first=True)
    fc = torch.nn.Linear(hidden, p["fc.weight"].shape[0])
    rnn.load_state_dict({k[4:]: v for k, v in p.items() if k.startswith("rnn.")})
    fc.load_state_dict({k[3:]: v for k, v in p.items() if k.startswith("fc.")})
    return rnn, fc


@torch.no_grad()
def apply(x, params, sigmoid, prefix=""):
    rnn, fc = load(params, prefix)
    states, _ = rnn(torch.as_tensor(x, dtype=torch.float32))
    out = fc(states)
    return (torch.sigmoid(out) if sigmoid else out), {"rnn": states}


def embedder(x, params):
    return apply(x, params, True)


def recovery(h, params):
    return apply(h, params, True)


def generator(z, params):
    return apply(z, params, True)


def supervisor(h, params):
    return apply(h, params, True)


def discriminator(h, params):
    return apply(h, params, False)


def valid(lengths, steps):
    return torch.arange(steps)[None, :] < torch.as_tensor(lengths)[:, None]


def f32(a):
    return torch.as_tensor(a, dtype=torch.float32)


def _reconstruction(x, x_tilde, lengths):
    x, x_tilde = f32(x), f32(x_tilde)
    m = valid(lengths, x.shape[1])
    return F.mse_loss(x_tilde[m], x[m])


def reconstruction_loss(x, x_tilde, lengths):
    l_r = _reconstruction(x, x_tilde, lengths)
    return {"e_loss_t0": l_r, "e_loss0": 10 * l_r.sqrt()}


def _supervised(h, s, lengths):
    h, s = f32(h), f32(s)
    m = valid(lengths, h.shape[1])[:, 1:]
    return F.mse_loss(s[:, :-1][m], h[:, 1:][m])


def supervised_loss(h, h_hat_supervise, lengths):
    return {"g_loss_s": _supervised(h, h_hat_supervise, lengths)}


def _bce(logits, label, lengths):
    y = f32(logits)[valid(lengths, logits.shape[1])]
    return F.binary_cross_entropy_with_logits(y, torch.full_like(y, label))


def adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma):
    return {"d_loss": _bce(y_real, 1.0, lengths) + _bce(y_fake, 0.0, lengths) + gamma * _bce(y_fake_e, 0.0, lengths),
            "g_loss_u": _bce(y_fake, 1.0, lengths), "g_loss_u_e": _bce(y_fake_e, 1.0, lengths)}


def moment_loss(x, x_hat, lengths):
    x, x_hat, lengths = f32(x), f32(x_hat), torch.as_tensor(lengths)
    v1, v2 = [], []
    for step in range(x.shape[1]):
        rows = lengths > step
        var, mean = torch.var_mean(x[rows, step], dim=0, correction=0)
        var_hat, mean_hat = torch.var_mean(x_hat[rows, step], dim=0, correction=0)
        v1.append((torch.sqrt(var_hat + 1e-6) - torch.sqrt(var + 1e-6)).abs())
        v2.append((mean_hat - mean).abs())
    return {"g_loss_v1": torch.stack(v1).mean(), "g_loss_v2": torch.stack(v2).mean()}


def timegan_losses(x, z, lengths, params, gamma):
    h, _ = apply(x, params, True, "embedder.")
    x_tilde, _ = apply(h, params, True, "recovery.")
    e_hat, _ = apply(z, params, True, "generator.")
    h_hat, _ = apply(e_hat, params, True, "supervisor.")
    h_hat_supervise, _ = apply(h, params, True, "supervisor.")
    x_hat, _ = apply(h_hat, params, True, "recovery.")
    y_real, _ = apply(h, params, False, "discriminator.")
    y_fake, _ = apply(h_hat, params, False, "discriminator.")
    y_fake_e, _ = apply(e_hat, params, False, "discriminator.")
    out = reconstruction_loss(x, x_tilde, lengths)
    out.update(adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma))
    out.update(moment_loss(x, x_hat, lengths))
    l_s = _supervised(h, h_hat_supervise, lengths)
    out["g_loss_s"] = l_s
    out["e_loss"] = out["e_loss0"] + 0.1 * l_s
    out["g_loss"] = out["g_loss_u"] + gamma * out["g_loss_u_e"] + 100 * l_s.sqrt() + 100 * (out["g_loss_v1"] + out["g_loss_v2"])
    return out
