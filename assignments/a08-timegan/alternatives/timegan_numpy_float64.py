"""a08-timegan in NumPy, float64 throughout: the GRU step by step with the gates taken by slicing,
masks as boolean indexing, the moments computed step by step over the sequences still running."""
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def run_network(x, params, sigmoid_output, prefix=""):
    seq = np.asarray(x, dtype=np.float64)
    k = 0
    while f"{prefix}rnn.weight_ih_l{k}" in params:
        w_ih = np.asarray(params[f"{prefix}rnn.weight_ih_l{k}"], dtype=np.float64)
        w_hh = np.asarray(params[f"{prefix}rnn.weight_hh_l{k}"], dtype=np.float64)
        b_ih = np.asarray(params[f"{prefix}rnn.bias_ih_l{k}"], dtype=np.float64)
        b_hh = np.asarray(params[f"{prefix}rnn.bias_hh_l{k}"], dtype=np.float64)
        hid = w_hh.shape[1]
        h = np.zeros((seq.shape[0], hid))
        out = np.empty((seq.shape[0], seq.shape[1], hid))
        for step in range(seq.shape[1]):
            gi = np.einsum("bi,gi->bg", seq[:, step], w_ih) + b_ih
            gh = np.einsum("bj,gj->bg", h, w_hh) + b_hh
            r = sigmoid(gi[:, :hid] + gh[:, :hid])
            z = sigmoid(gi[:, hid:2 * hid] + gh[:, hid:2 * hid])
            n = np.tanh(gi[:, 2 * hid:] + r * gh[:, 2 * hid:])
            h = (1 - z) * n + z * h
            out[:, step] = h
        seq = out
        k += 1
    y = np.einsum("bth,oh->bto", seq, np.asarray(params[f"{prefix}fc.weight"], dtype=np.float64)) \
        + np.asarray(params[f"{prefix}fc.bias"], dtype=np.float64)
    return sigmoid(y) if sigmoid_output else y


def embedder(x, params):
    return run_network(x, params, True)


def recovery(h, params):
    return run_network(h, params, True)


def generator(z, params):
    return run_network(z, params, True)


def supervisor(h, params):
    return run_network(h, params, True)


def discriminator(h, params):
    return run_network(h, params, False)


def valid(lengths, steps):
    return np.arange(steps)[None, :] < np.asarray(lengths).reshape(-1, 1)


def reconstruction_loss(x, x_tilde, lengths):
    x, x_tilde = np.asarray(x, np.float64), np.asarray(x_tilde, np.float64)
    m = valid(lengths, x.shape[1])
    l_r = np.mean((x[m] - x_tilde[m]) ** 2)
    return {"e_loss_t0": l_r, "e_loss0": 10 * np.sqrt(l_r)}


def _supervised(h, s, lengths):
    h, s = np.asarray(h, np.float64), np.asarray(s, np.float64)
    m = valid(lengths, h.shape[1])[:, 1:]
    return np.mean((h[:, 1:][m] - s[:, :-1][m]) ** 2)


def supervised_loss(h, h_hat_supervise, lengths):
    return {"g_loss_s": _supervised(h, h_hat_supervise, lengths)}


def _bce(logits, label, lengths):
    logits = np.asarray(logits, np.float64)
    l = logits[valid(lengths, logits.shape[1])][:, 0]
    # -[y log sigmoid(l) + (1 - y) log(1 - sigmoid(l))], with log sigmoid(l) = -logaddexp(0, -l).
    return np.mean(label * np.logaddexp(0, -l) + (1 - label) * np.logaddexp(0, l))


def adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma):
    return {"d_loss": _bce(y_real, 1, lengths) + _bce(y_fake, 0, lengths) + gamma * _bce(y_fake_e, 0, lengths),
            "g_loss_u": _bce(y_fake, 1, lengths), "g_loss_u_e": _bce(y_fake_e, 1, lengths)}


def _moments(x, x_hat, lengths):
    x, x_hat = np.asarray(x, np.float64), np.asarray(x_hat, np.float64)
    lengths = np.asarray(lengths)
    v1, v2 = [], []
    for step in range(x.shape[1]):
        rows = lengths > step
        a, b = x[rows, step], x_hat[rows, step]
        v1.append(np.abs(np.sqrt(b.var(axis=0) + 1e-6) - np.sqrt(a.var(axis=0) + 1e-6)))
        v2.append(np.abs(b.mean(axis=0) - a.mean(axis=0)))
    return np.mean(v1), np.mean(v2)


def moment_loss(x, x_hat, lengths):
    v1, v2 = _moments(x, x_hat, lengths)
    return {"g_loss_v1": v1, "g_loss_v2": v2}


def timegan_losses(x, z, lengths, params, gamma):
    h = run_network(x, params, True, "embedder.")
    x_tilde = run_network(h, params, True, "recovery.")
    e_hat = run_network(z, params, True, "generator.")
    h_hat = run_network(e_hat, params, True, "supervisor.")
    h_hat_supervise = run_network(h, params, True, "supervisor.")
    x_hat = run_network(h_hat, params, True, "recovery.")
    y_real = run_network(h, params, False, "discriminator.")
    y_fake = run_network(h_hat, params, False, "discriminator.")
    y_fake_e = run_network(e_hat, params, False, "discriminator.")
    out = reconstruction_loss(x, x_tilde, lengths)
    l_s = _supervised(h, h_hat_supervise, lengths)
    out.update(adversarial_losses(y_real, y_fake, y_fake_e, lengths, gamma))
    out.update(moment_loss(x, x_hat, lengths))
    out["g_loss_s"] = l_s
    out["e_loss"] = out["e_loss0"] + 0.1 * l_s
    out["g_loss"] = out["g_loss_u"] + gamma * out["g_loss_u_e"] + 100 * np.sqrt(l_s) + 100 * (out["g_loss_v1"] + out["g_loss_v2"])
    return out
