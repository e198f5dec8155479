"""a15-scaling, instructor solution: Kaplan's power laws, training FLOPs, Chinchilla's compute-optimal split, a
power-law fit in log space and the energy and emissions of a training run. NumPy, float64 throughout."""
import numpy as np


def _f64(x):
    return np.asarray(x, dtype=np.float64)


def loss_from_parameters(N, N_c, alpha_N):
    return (N_c / _f64(N)) ** alpha_N


def loss_from_data(D, D_c, alpha_D):
    return (D_c / _f64(D)) ** alpha_D


def loss_from_parameters_and_data(N, D, N_c, D_c, alpha_N, alpha_D):
    parameter_term = (N_c / _f64(N)) ** (alpha_N / alpha_D)
    data_term = D_c / _f64(D)
    loss = (parameter_term[:, None] + data_term[None, :]) ** alpha_D  # rows: N, columns: D
    return loss, {"parameter_term": parameter_term, "data_term": data_term}


def training_flops(N, D):
    return 6 * _f64(N) * _f64(D)  # 2 FLOPs per parameter per token forward, 4 backward


def chinchilla_optimal(C, E, A, B, alpha, beta):
    a = beta / (alpha + beta)
    b = alpha / (alpha + beta)
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    N_opt = G * (_f64(C) / 6) ** a
    D_opt = (_f64(C) / 6) ** b / G
    loss = E + A / N_opt ** alpha + B / D_opt ** beta
    return N_opt, D_opt, loss, a, b, {"G": G}


def rule_of_thumb(C, tokens_per_parameter):
    N = np.sqrt(_f64(C) / (6 * tokens_per_parameter))  # C = 6 N D with D = 20 N
    return N, tokens_per_parameter * N


def fit_power_law(N, L, N_new):
    x, y = np.log(_f64(N)), np.log(_f64(L))  # natural logs: the intercept is ln a
    slope, intercept = np.polyfit(x, y, 1)
    alpha = -slope
    L_new = np.exp(intercept - alpha * np.log(_f64(N_new)))
    return alpha, intercept, np.exp(intercept), L_new


def training_footprint(flops, n_gpus, peak_flops, utilisation, watts, pue, kg_per_kwh):
    hours = _f64(flops) / (n_gpus * peak_flops * utilisation) / 3600  # wall-clock
    gpu_hours = hours * n_gpus
    kwh = gpu_hours * watts / 1000 * pue
    return hours, gpu_hours, kwh, kwh * kg_per_kwh
