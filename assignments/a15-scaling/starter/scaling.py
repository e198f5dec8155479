"""a15-scaling: scaling laws and the cost of training.

Fill in each function. Arrays arrive as NumPy arrays (float64 or float32), constants as Python floats and n_gpus as a
Python int; return NumPy arrays, PyTorch tensors or Python floats. NumPy and PyTorch (CPU) are installed; SciPy is not.
README.md gives every formula, shape, convention and how grading works.
"""
import numpy as np


def loss_from_parameters(N, N_c, alpha_N):
    """Kaplan's L(N) = (N_c / N)^alpha_N, element by element. Same shape as N."""
    raise NotImplementedError("loss_from_parameters is not written yet")


def loss_from_data(D, D_c, alpha_D):
    """Kaplan's L(D) = (D_c / D)^alpha_D, element by element. Same shape as D."""
    raise NotImplementedError("loss_from_data is not written yet")


def loss_from_parameters_and_data(N, D, N_c, D_c, alpha_N, alpha_D):
    """Kaplan's L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D for N (P,) and D (Q,): a (P, Q) grid."""
    raise NotImplementedError("loss_from_parameters_and_data is not written yet")


def training_flops(N, D):
    """Training compute C = 6 N D in FLOPs, element by element. Same shape as N and D."""
    raise NotImplementedError("training_flops is not written yet")


def chinchilla_optimal(C, E, A, B, alpha, beta):
    """The compute-optimal split of budgets C (K,): returns (N_opt (K,), D_opt (K,), loss (K,), a, b)."""
    raise NotImplementedError("chinchilla_optimal is not written yet")


def rule_of_thumb(C, tokens_per_parameter):
    """N and D with D = tokens_per_parameter * N and C = 6 N D: returns (N (K,), D (K,))."""
    raise NotImplementedError("rule_of_thumb is not written yet")


def fit_power_law(N, L, N_new):
    """OLS of ln L on ln N: returns (alpha, intercept = ln a, a, L_new (M,) at N_new)."""
    raise NotImplementedError("fit_power_law is not written yet")


def training_footprint(flops, n_gpus, peak_flops, utilisation, watts, pue, kg_per_kwh):
    """Returns (hours, gpu_hours, kwh, kg_co2e), each the shape of flops (K,)."""
    raise NotImplementedError("training_footprint is not written yet")
