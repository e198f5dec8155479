"""Independent check of the TorchSharp reference for a15, in float64 PyTorch.

The shared runner compares absolutely (1e-10), and several outputs are 1e9 to 1e24, where 1e-10 is far below one
unit in the last place. Those are computed here by correctly rounded IEEE operations in the reference's order (6ND as
forward 2N plus backward 4N, times D; the footprint; the rule of thumb), or, for the Chinchilla split, by the closed
form with the same pow, and then checked independently in relative terms: the split is compared with a numerical
minimisation of L(N, C / 6N) along the iso-FLOP curve, and 6·N_opt·D_opt with C. Outputs of order one are computed a
different way (exp of logs; torch.linalg.lstsq for the fit)."""
import math

import torch

import crosscheck

F64 = torch.float64


def _check(ok, message):
    if not ok:
        raise AssertionError(message)


def loss_from_parameters(N, N_c, alpha_N):
    return {"loss": torch.exp(alpha_N * (math.log(N_c) - torch.log(N.double())))}


def loss_from_data(D, D_c, alpha_D):
    return {"loss": torch.exp(alpha_D * (math.log(D_c) - torch.log(D.double())))}


def loss_from_parameters_and_data(N, D, N_c, D_c, alpha_N, alpha_D):
    N, D = N.double(), D.double()
    parameter_term = (N_c / N) ** (alpha_N / alpha_D)
    data_term = D_c / D
    grid = torch.exp(alpha_D * torch.log(parameter_term[:, None] + data_term[None, :]))
    # The two limits of Eq. 1.5: with D_c/D -> 0 it is L(N) = (N_c/N)^alpha_N.
    limit = torch.exp(alpha_D * torch.log(parameter_term))
    _check(torch.allclose(limit, torch.exp(alpha_N * torch.log(N_c / N)), rtol=1e-12, atol=0), "L(N, inf) != L(N)")
    return {"loss": grid, "parameter_term": parameter_term, "data_term": data_term}


def training_flops(N, D):
    N, D = N.double(), D.double()
    forward = 2 * N  # one multiply-add per parameter per token
    backward = 2 * forward
    return {"flops": (forward + backward) * D}  # 2N + 4N is 6N exactly, so this is the reference's 6·N·D bit for bit


def _chinchilla_loss(n, d, E, A, B, alpha, beta):
    return E + A / n ** alpha + B / d ** beta


def _iso_flop_minimum(budget, E, A, B, alpha, beta):
    """Golden-section search for the N minimising L(N, C / (6N)) over ln N, in plain Python floats."""
    lo, hi = math.log(1e3), math.log(1e16)
    f = lambda u: _chinchilla_loss(math.exp(u), budget / (6 * math.exp(u)), E, A, B, alpha, beta)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        u1, u2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if f(u1) < f(u2):
            hi = u2
        else:
            lo = u1
    return math.exp((lo + hi) / 2)


def chinchilla_optimal(C, E, A, B, alpha, beta):
    C = C.double()
    a, b = 1 / (1 + alpha / beta), 1 / (1 + beta / alpha)
    G = math.pow(alpha * A / (beta * B), 1 / (alpha + beta))
    g = torch.tensor(G, dtype=F64)
    N_opt = g * (C / 6) ** (beta / (alpha + beta))
    D_opt = (C / 6) ** (alpha / (alpha + beta)) / g
    for budget, n in zip(C.tolist(), N_opt.tolist()):
        found = _iso_flop_minimum(budget, E, A, B, alpha, beta)
        _check(abs(found / n - 1) < 1e-5, f"C = {budget:g}: the iso-FLOP minimum is at N = {found:g}, not {n:g}")
    _check(torch.allclose(6 * N_opt * D_opt, C, rtol=1e-12, atol=0), "6 N_opt D_opt != C")
    loss = E + A * torch.exp(-alpha * torch.log(N_opt)) + B * torch.exp(-beta * torch.log(D_opt))
    return {"N_opt": N_opt, "D_opt": D_opt, "loss": loss, "a": torch.tensor(a, dtype=F64),
            "b": torch.tensor(b, dtype=F64), "G": torch.tensor(math.exp((math.log(alpha * A) - math.log(beta * B)) / (alpha + beta)), dtype=F64)}


def rule_of_thumb(C, tokens_per_parameter):
    C = C.double()
    N = torch.sqrt(C / (6 * tokens_per_parameter))
    D = tokens_per_parameter * N
    _check(torch.allclose(6 * N * D, C, rtol=1e-12, atol=0), "6 N D != C")
    return {"N": N, "D": D}


def fit_power_law(N, L, N_new):
    x = torch.log(N.double())
    design = torch.stack([torch.ones_like(x), x], dim=1)
    intercept, slope = torch.linalg.lstsq(design, torch.log(L.double()).unsqueeze(1), driver="gelsd").solution.squeeze(1)
    alpha = -slope
    return {"alpha": alpha, "intercept": intercept, "a": torch.exp(intercept),
            "L_new": torch.exp(intercept) * N_new.double() ** slope}


def training_footprint(flops, n_gpus, peak_flops, utilisation, watts, pue, kg_per_kwh):
    flops = flops.double()
    hours = flops / (n_gpus * peak_flops * utilisation) / 3600
    gpu_hours = hours * n_gpus
    kwh = gpu_hours * watts / 1000 * pue
    # Independently, in relative terms: energy = GPU-seconds x watts in joules, over 3.6e6 J/kWh, times PUE.
    joules = flops / (peak_flops * utilisation) * watts
    _check(torch.allclose(joules / 3.6e6 * pue, kwh, rtol=1e-12, atol=0), "kWh from joules disagrees")
    return {"hours": hours, "gpu_hours": gpu_hours, "kwh": kwh, "kg_co2e": kwh * kg_per_kwh}


crosscheck.run(globals())
