"""a15-scaling, a second formulation: PyTorch in float32 throughout. The fit by torch.linalg.lstsq on the design
matrix [1, log10 N], its intercept converted to natural log; the Chinchilla split as the exponential of a sum of logs;
the footprint by way of GPU-seconds."""
import math

import torch

F32 = torch.float32


def t32(x):
    return torch.as_tensor(x).to(F32)


def loss_from_parameters(N, N_c, alpha_N):
    return torch.pow(N_c / t32(N), alpha_N)


def loss_from_data(D, D_c, alpha_D):
    return torch.exp(alpha_D * torch.log(D_c / t32(D)))


def loss_from_parameters_and_data(N, D, N_c, D_c, alpha_N, alpha_D):
    N, D = t32(N), t32(D)
    grid = torch.pow(N_c / N.unsqueeze(1), alpha_N / alpha_D) + (D_c / D).unsqueeze(0)
    return torch.pow(grid, alpha_D)


def training_flops(N, D):
    return 2 * t32(N) * t32(D) * 3  # forward 2ND, backward twice the forward


def chinchilla_optimal(C, E, A, B, alpha, beta):
    a, b = beta / (alpha + beta), alpha / (alpha + beta)
    log_G = (math.log(alpha * A) - math.log(beta * B)) / (alpha + beta)
    log_budget = torch.log(t32(C) / 6)
    N_opt = torch.exp(log_G + a * log_budget)
    D_opt = torch.exp(b * log_budget - log_G)
    loss = E + A * torch.exp(-alpha * torch.log(N_opt)) + B * torch.exp(-beta * torch.log(D_opt))
    return N_opt, D_opt, loss, torch.tensor(a, dtype=F32), torch.tensor(b, dtype=F32)


def rule_of_thumb(C, tokens_per_parameter):
    D = torch.sqrt(t32(C) * tokens_per_parameter / 6)  # D = 20 N, so D^2 = 20 C / 6
    return D / tokens_per_parameter, D


def fit_power_law(N, L, N_new):
    x = torch.log10(t32(N))
    design = torch.stack([torch.ones_like(x), x], dim=1)
    solution = torch.linalg.lstsq(design, torch.log10(t32(L)).unsqueeze(1)).solution.squeeze(1)
    log10_a, slope = solution[0], solution[1]
    intercept = log10_a * math.log(10)  # ln a = log10(a) · ln 10
    L_new = torch.pow(10.0, log10_a) * torch.pow(t32(N_new), slope)
    return -slope, intercept, torch.pow(10.0, log10_a), L_new


def training_footprint(flops, n_gpus, peak_flops, utilisation, watts, pue, kg_per_kwh):
    gpu_seconds = t32(flops) / (peak_flops * utilisation)
    gpu_hours = gpu_seconds / 3600
    kwh = gpu_hours * (watts / 1000) * pue
    return gpu_hours / n_gpus, gpu_hours, kwh, kwh * kg_per_kwh
