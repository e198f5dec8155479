"""Independent check of the TorchSharp reference for a08: the networks are torch.nn.GRU (batch_first)
and torch.nn.Linear modules with the weights loaded by load_state_dict; BCE is
F.binary_cross_entropy_with_logits; masked means select the valid steps by boolean indexing; the
moments are torch.var_mean(correction=0) over the sequences valid at each step, one step at a time."""
import torch
import torch.nn.functional as F

import crosscheck


def build(params, prefix, sigmoid):
    p = {k[len(prefix):]: v.double() for k, v in params.items() if k.startswith(prefix)}
    layers = sum(1 for k in p if k.startswith("rnn.weight_ih_l"))
    hidden = p["rnn.weight_hh_l0"].shape[1]
    rnn = torch.nn.GRU(p["rnn.weight_ih_l0"].shape[1], hidden, layers, batch_first=True, dtype=torch.float64)
    fc = torch.nn.Linear(hidden, p["fc.weight"].shape[0], dtype=torch.float64)
    rnn.load_state_dict({k[4:]: v for k, v in p.items() if k.startswith("rnn.")})
    fc.load_state_dict({k[3:]: v for k, v in p.items() if k.startswith("fc.")})

    def run(x):
        states, _ = rnn(x.double())
        out = fc(states)
        return (torch.sigmoid(out) if sigmoid else out), states
    return run


def net(entry, output, sigmoid):
    def f(x, params):
        with torch.no_grad():
            out, states = build(params, "", sigmoid)(x)
        return {output: out, "rnn": states}
    return f


embedder = net("embedder", "h", True)
recovery = net("recovery", "x_tilde", True)
generator = net("generator", "e_hat", True)
supervisor = net("supervisor", "s", True)
discriminator = net("discriminator", "y", False)


def valid(lengths, steps):
    return torch.arange(steps)[None, :] < lengths[:, None]


def rec(x, x_tilde, lengths):
    m = valid(lengths, x.shape[1])
    l_r = F.mse_loss(x_tilde.double()[m], x.double()[m])
    return l_r


def sup(h, s, lengths):
    m = valid(lengths, h.shape[1])[:, 1:]
    return F.mse_loss(s.double()[:, :-1][m], h.double()[:, 1:][m])


def bce(logits, label, lengths):
    m = valid(lengths, logits.shape[1])
    y = logits.double()[m]
    return F.binary_cross_entropy_with_logits(y, torch.full_like(y, label))


def moments(x, x_hat, lengths):
    v1, v2 = [], []
    for step in range(x.shape[1]):
        rows = lengths > step
        var, mean = torch.var_mean(x.double()[rows, step], dim=0, correction=0)
        var_hat, mean_hat = torch.var_mean(x_hat.double()[rows, step], dim=0, correction=0)
        v1.append((torch.sqrt(var_hat + 1e-6) - torch.sqrt(var + 1e-6)).abs())
        v2.append((mean_hat - mean).abs())
    return torch.stack(v1).mean(), torch.stack(v2).mean()


def reconstruction_loss(x, x_tilde, lengths):
    l_r = rec(x, x_tilde, lengths)
    return {"e_loss_t0": l_r, "e_loss0": 10 * torch.sqrt(l_r)}


def supervised_loss(h, h_hat_supervise, lengths):
    return {"g_loss_s": sup(h, h_hat_supervise, lengths)}


def adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma):
    return {"d_loss": bce(y_real, 1.0, lengths) + bce(y_fake, 0.0, lengths) + gamma * bce(y_fake_e, 0.0, lengths),
            "g_loss_u": bce(y_fake, 1.0, lengths), "g_loss_u_e": bce(y_fake_e, 1.0, lengths)}


def moment_loss(x, x_hat, lengths):
    v1, v2 = moments(x, x_hat, lengths)
    return {"g_loss_v1": v1, "g_loss_v2": v2}


def timegan_losses(x, z, lengths, params, gamma):
    with torch.no_grad():
        emb, rec_net = build(params, "embedder.", True), build(params, "recovery.", True)
        gen, sup_net = build(params, "generator.", True), build(params, "supervisor.", True)
        dis = build(params, "discriminator.", False)
        h = emb(x)[0]
        x_tilde = rec_net(h)[0]
        e_hat = gen(z)[0]
        h_hat = sup_net(e_hat)[0]
        h_hat_supervise = sup_net(h)[0]
        x_hat = rec_net(h_hat)[0]
        y_real, y_fake, y_fake_e = dis(h)[0], dis(h_hat)[0], dis(e_hat)[0]
    l_r = rec(x, x_tilde, lengths)
    l_s = sup(h, h_hat_supervise, lengths)
    v1, v2 = moments(x, x_hat, lengths)
    g_u, g_u_e = bce(y_fake, 1.0, lengths), bce(y_fake_e, 1.0, lengths)
    return {
        "e_loss_t0": l_r, "e_loss0": 10 * torch.sqrt(l_r), "e_loss": 10 * torch.sqrt(l_r) + 0.1 * l_s,
        "g_loss_s": l_s,
        "d_loss": bce(y_real, 1.0, lengths) + bce(y_fake, 0.0, lengths) + gamma * bce(y_fake_e, 0.0, lengths),
        "g_loss_u": g_u, "g_loss_u_e": g_u_e, "g_loss_v1": v1, "g_loss_v2": v2,
        "g_loss": g_u + gamma * g_u_e + 100 * torch.sqrt(l_s) + 100 * (v1 + v2),
        "h": h, "x_tilde": x_tilde, "e_hat": e_hat, "h_hat": h_hat, "h_hat_supervise": h_hat_supervise,
        "x_hat": x_hat, "y_real": y_real, "y_fake": y_fake, "y_fake_e": y_fake_e,
    }


crosscheck.run(globals())
